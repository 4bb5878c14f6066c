package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerRoundTripTest {
    private static final FileTime T1 = FileTime.fromMillis(1_500_000_000_000L);
    private static final FileTime T2 = FileTime.fromMillis(1_400_000_000_000L);

    private final LinuxFs fs = LinuxFs.get();

    @TempDir
    Path temp;

    @BeforeEach
    void needRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "applying layers needs root (owners, devices)");
    }

    /** A tree with every kind of file and metadata a layer carries. */
    static void buildRichTree(Path root) throws IOException {
        LinuxFs fs = LinuxFs.get();
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        Path su = Files.writeString(bin.resolve("su"), "#!/bin/sh\necho su\n");
        fs.chmod(su, 04755);
        Path shared = Files.createDirectory(root.resolve("shared"));
        fs.chmod(shared, 02775);
        fs.lchown(shared, 0, 50);
        Path tmp = Files.createDirectory(root.resolve("tmp"));
        fs.chmod(tmp, 01777);
        Path home = Files.createDirectories(root.resolve("home/user"));
        Path note = Files.writeString(home.resolve("note.txt"), "hello");
        fs.lchown(note, 1000, 1000);
        fs.lchown(home, 1000, 1000);
        fs.chmod(home, 0700);
        fs.setXattr(note, "user.comment", "greeting".getBytes(StandardCharsets.UTF_8));
        Files.createLink(root.resolve("usr/bin/su-again"), su);
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Path abs = Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc/hostname"));
        fs.lchown(abs, 12, 34);
        Files.createDirectory(root.resolve("dev"));
        fs.makeCharDevice(root.resolve("dev/null"), 0666, 1, 3);
        fs.makeBlockDevice(root.resolve("dev/loop0"), 0660, 7, 0);
        fs.makeFifo(root.resolve("dev/fifo"), 0600);
        Files.writeString(root.resolve("d".repeat(120) + "-long-name.txt"), "long name");
        Files.writeString(root.resolve("empty"), "");
        fs.setTimes(abs, T2, T2);
        fs.setTimes(note, T1, T1);
        for (Path dir : new Path[] {home, root.resolve("home"), bin, root.resolve("usr")}) {
            fs.setTimes(dir, T2, T2);
        }
    }

    @Test
    void treeToTarToTreeKeepsEverything() throws IOException {
        Path original = Files.createDirectory(temp.resolve("original"));
        buildRichTree(original);
        byte[] tar = tarOf(original);

        Path copy = Files.createDirectory(temp.resolve("copy"));
        long applied = new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(tar), copy);

        assertEquals(TreeSnapshot.of(original), TreeSnapshot.of(copy));
        long expected = "#!/bin/sh\necho su\n".length() + "hello".length() + "long name".length();
        assertEquals(expected, applied, "hard linked content counts once");
        assertArrayEquals(tar, tarOf(copy), "the same tree gives the same tar");
    }

    @Test
    void tarIsDeterministicAndSorted() throws IOException {
        Path tree = Files.createDirectory(temp.resolve("tree"));
        buildRichTree(tree);
        assertArrayEquals(tarOf(tree), tarOf(tree));
        var names = Tars.names(new ByteArrayInputStream(tarOf(tree)));
        assertTrue(names.indexOf("usr/") < names.indexOf("usr/bin/"), names.toString());
        assertTrue(names.contains("usr/bin/su-again => usr/bin/su"), names.toString());
    }

    @Test
    void streamedTarMatchesWrittenTar() throws IOException {
        Path tree = Files.createDirectory(temp.resolve("tree"));
        buildRichTree(tree);
        try (InputStream in = new LayerDiffer(LinuxFs.get()).tree(tree)) {
            assertArrayEquals(tarOf(tree), in.readAllBytes());
        }
    }

    @Test
    void streamedTarReportsWriterFailures() {
        InputStream in = new LayerDiffer(LinuxFs.get()).tree(temp.resolve("missing"));
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void copyKeepsEverythingIncludingNanoseconds() throws IOException {
        Path original = Files.createDirectory(temp.resolve("original"));
        buildRichTree(original);
        fs.setTimes(original.resolve("empty"), T1, FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00.123456789Z")));
        Path copy = Files.createDirectory(temp.resolve("copy"));
        DirectoryTrees.copy(LinuxFs.get(), original, copy);
        assertEquals(TreeSnapshot.of(original), TreeSnapshot.of(copy));
        assertEquals(Files.getLastModifiedTime(original.resolve("empty")), Files.getLastModifiedTime(copy.resolve("empty")));
        assertEquals(java.util.List.of(), LayerChanges.between(original, copy), "a faithful copy has no changes");
    }

    @Test
    void diskUsageCountsHardLinksOnce() throws IOException {
        Path tree = Files.createDirectory(temp.resolve("tree"));
        buildRichTree(tree);
        long symlinks = "usr/bin".length() + "/etc/hostname".length();
        long files = "#!/bin/sh\necho su\n".length() + "hello".length() + "long name".length();
        assertEquals(files + symlinks, DirectoryTrees.diskUsage(tree));
    }

    @Test
    void truncatedTarThrows() throws IOException {
        Path tree = Files.createDirectory(temp.resolve("tree"));
        Files.writeString(tree.resolve("big"), "x".repeat(10_000));
        byte[] tar = tarOf(tree);
        byte[] truncated = Arrays.copyOf(tar, 512 + 4000);
        Path target = Files.createDirectory(temp.resolve("target"));
        IOException e = assertThrows(IOException.class,
                () -> new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(truncated), target));
        assertTrue(e.getMessage().toLowerCase().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptHeaderThrows() throws IOException {
        byte[] garbage = new byte[2048];
        Arrays.fill(garbage, (byte) 'z');
        Path target = Files.createDirectory(temp.resolve("target"));
        assertThrows(IOException.class,
                () -> new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(garbage), target));
    }

    static byte[] tarOf(Path tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerDiffer(LinuxFs.get()).writeTree(tree, out);
        return out.toByteArray();
    }
}
