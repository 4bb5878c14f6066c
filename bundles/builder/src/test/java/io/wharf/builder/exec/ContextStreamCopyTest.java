package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY from the streamed context writes what unpacking the context and copying its files writes. */
class ContextStreamCopyTest {
    @TempDir
    Path work;
    private Path unpackedCopy;
    private Path streamedCopy;

    @BeforeEach
    void roots() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "copies set owners: needs root");
        assumeTrue(DirectoryHandle.hasOpenat2(), "COPY needs openat2");
        unpackedCopy = Files.createDirectories(work.resolve("unpacked-rootfs/dst"));
        streamedCopy = Files.createDirectories(work.resolve("streamed-rootfs/dst"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        for (Path root : List.of(unpackedCopy, streamedCopy)) { // what an earlier RUN left where the copy goes
            Files.createSymbolicLink(root.resolve("deep"), outside);
            Files.writeString(root.resolve("old"), "replaced");
        }
    }

    private static byte[] context() throws IOException {
        // an old time: a directory whose excluded files are deleted must not take the time of the deletion
        return new ContextTars().modifiedAt(java.time.Instant.parse("2020-01-02T03:04:05Z"))
                .file("Dockerfile", "FROM scratch\n").file(".dockerignore", "src/*.log\n")
                .directory("src", 0750).file("src/plain", "plain").file("src/tool", "#!/bin/sh\n", 0755)
                .file("src/setuid", "s", 04755).file("src/debug.log", "ignored").symlink("src/link", "plain")
                .file("src/deep/a/file", "below directories the tar never names")
                .file("src/late/x", "before its directory").directory("src/late", 0700)
                .directory("src/old", 0711).file("src/old/inside", "a directory where a file was")
                .bytes();
    }

    private BuildContext receive() throws Exception {
        return BuildContext.receive(new ByteArrayInputStream(context()), null, work.resolve("tmp"), LinuxFs.get());
    }

    @Test
    void aDirectorysContentsAsUnpackingAndCopyingWouldWriteThem() throws Exception {
        for (RootfsWriter.Owner owner : new RootfsWriter.Owner[] {null, new RootfsWriter.Owner(1000, 1001)}) {
            for (Integer chmod : new Integer[] {null, 0640}) {
                roots(owner, chmod, "src");
            }
        }
    }

    @Test
    void theWholeContext() throws Exception {
        roots(null, null, "");
    }

    private void roots(RootfsWriter.Owner owner, Integer chmod, String source) throws Exception {
        try (BuildContext context = receive()) {
            assertTrue(context.index().oneEntryPerPath());
            try (RootfsWriter writer = new RootfsWriter(unpackedCopy.getParent(), owner, chmod);
                 DirectoryHandle dst = writer.directory("/dst")) {
                writer.copyChildren(source.isEmpty() ? context.root() : context.root().resolve(source), dst);
            }
            try (RootfsWriter writer = new RootfsWriter(streamedCopy.getParent(), owner, chmod);
                 DirectoryHandle dst = writer.directory("/dst");
                 InputStream tar = context.openTar()) {
                ContextStreamCopy.children(tar, context.index(), source, writer, dst);
            }
        }
        Map<String, String> expected = tree(unpackedCopy);
        assertEquals(expected, tree(streamedCopy));
        assertFalse(expected.keySet().stream().anyMatch(p -> p.endsWith(".log")), ".dockerignore applies");
        try (Stream<Path> escaped = Files.list(work.resolve("outside"))) {
            assertEquals(List.of(), escaped.toList(), "a link in the root filesystem is replaced, never followed");
        }
    }

    @Test
    void aSingleFileOrLinkUnderItsOwnNameOrANewOne() throws Exception {
        try (BuildContext context = receive()) {
            for (Path root : List.of(unpackedCopy, streamedCopy)) {
                try (RootfsWriter writer = new RootfsWriter(root.getParent(), null, null);
                     DirectoryHandle dst = writer.directory("/dst")) {
                    for (String[] copy : new String[][] {{"src/tool", "tool"}, {"src/setuid", "renamed"},
                            {"src/link", "old"}}) {
                        if (root == unpackedCopy) {
                            writer.copy(context.root().resolve(copy[0]), dst, copy[1]);
                        } else {
                            try (InputStream tar = context.openTar()) {
                                ContextStreamCopy.single(tar, context.index(), copy[0], writer, dst, copy[1]);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(tree(unpackedCopy), tree(streamedCopy));
    }

    @Test
    void severalSourcesAsCopyingEachInTurnWouldWriteThem() throws Exception {
        List<String> sources = List.of("src/tool", "src/deep", "src/link", "src/old", "src/late");
        try (BuildContext context = receive()) {
            assertTrue(context.index().disjoint(sources));
            for (Path root : List.of(unpackedCopy, streamedCopy)) {
                try (RootfsWriter writer = new RootfsWriter(root.getParent(), new RootfsWriter.Owner(7, 8), null);
                     DirectoryHandle dst = writer.directory("/dst")) {
                    if (root == streamedCopy) {
                        try (InputStream tar = context.openTar()) {
                            ContextStreamCopy.several(tar, context.index(), sources, writer, dst);
                        }
                        continue;
                    }
                    for (String source : sources) {
                        Path file = context.root().resolve(source);
                        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                            writer.copyChildren(file, dst);
                        } else {
                            writer.copy(file, dst, file.getFileName().toString());
                        }
                    }
                }
            }
        }
        assertEquals(tree(unpackedCopy), tree(streamedCopy));
    }

    /** Sources whose order could decide what is written are left to unpacking. */
    @Test
    void sourcesThatWriteAPathTwiceAreNotDisjoint() throws Exception {
        try (BuildContext context = BuildContext.receive(new ByteArrayInputStream(new ContextTars()
                .file("Dockerfile", "FROM scratch\n").file("a/f", "1").file("b/f", "2").file("c/g", "3")
                .file("f", "4").file("d/x/y", "5").file("e/x", "6").bytes()), null, work.resolve("tmp"),
                LinuxFs.get())) {
            ContextIndex index = context.index();
            assertTrue(index.disjoint(List.of("a", "c")));
            assertTrue(index.disjoint(List.of("c/g", "a/f", "Dockerfile")));
            assertFalse(index.disjoint(List.of("a", "b")), "both write f");
            assertFalse(index.disjoint(List.of("a", "f")), "a's f and the file f");
            assertFalse(index.disjoint(List.of("a/f", "b/f")), "two files named f");
            assertFalse(index.disjoint(List.of("d", "e")), "a directory x and a file x");
            assertFalse(index.disjoint(List.of("a", "a/f")), "a source within another");
            assertFalse(index.disjoint(List.of("c", "")), "the whole context holds every other source");
            assertFalse(index.disjoint(List.of("c", "c")), "the same source twice");
        }
    }

    @Test
    void hardLinksWhiteoutsAndRepeatedNamesAreLeftToUnpacking() throws Exception {
        for (ContextTars tar : List.of(new ContextTars().file("a", "x").hardLink("b", "a"),
                new ContextTars().file("a", "x").file(".wh.a", ""),
                new ContextTars().file("a", "x").file("a", "y"))) {
            try (BuildContext context = BuildContext.receive(new ByteArrayInputStream(
                    tar.file("Dockerfile", "FROM scratch\n").bytes()), null, work.resolve("tmp"), LinuxFs.get())) {
                assertFalse(context.index().oneEntryPerPath());
            }
        }
    }

    /** Each path below {@code root}: type, mode, owner, link target or content, and (but for links) mtime. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(paths::add);
        }
        for (Path p : paths) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String what = a.isSymbolicLink() ? "link " + Files.readSymbolicLink(p)
                    : a.isDirectory() ? "dir" : "file " + Files.readString(p);
            String times = a.isSymbolicLink() || a.isDirectory() && !explicitDirectory(root.relativize(p)) ? ""
                    : " " + a.lastModifiedTime().toMillis() / 1000;
            out.put(root.relativize(p).toString(), what + " " + Integer.toOctalString(RootfsWriter.mode(p))
                    + " " + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                    + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) + times);
        }
        return out;
    }

    /** Directories the tar names (their times are the tar's; the others were made when the copy ran). */
    private static boolean explicitDirectory(Path relative) {
        return Stream.of("late", "old", "src", "src/late", "src/old").anyMatch(d -> relative.toString().equals(d));
    }
}
