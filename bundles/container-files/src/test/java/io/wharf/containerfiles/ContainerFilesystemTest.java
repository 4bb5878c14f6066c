package io.wharf.containerfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.linux.DirectoryHandle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resolution inside a root filesystem without mounts, by the kernel (openat2 RESOLVE_IN_ROOT) and by the
 * component walk (kernels without openat2): both give the same answers, and neither lets a link reach the host,
 * also while a thread swaps a directory for a link to the host as fast as it can.
 */
class ContainerFilesystemTest {
    @TempDir
    Path tmp;
    Path rootfs;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host");
        Files.createDirectories(rootfs.resolve("a/b"));
        Files.writeString(rootfs.resolve("a/b/c.txt"), "hello");
        Files.createSymbolicLink(rootfs.resolve("link-abs"), Path.of("/a"));
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("../../../.."));
        Files.createSymbolicLink(rootfs.resolve("host-link"), outside);
        Files.createSymbolicLink(rootfs.resolve("dangling"), Path.of("/new/deeper"));
    }

    @AfterEach
    void restoreOpenat2() {
        DirectoryHandle.simulateMissingOpenat2(false);
    }

    private ContainerFilesystem fs(boolean walkOnly) throws IOException {
        DirectoryHandle.simulateMissingOpenat2(walkOnly);
        return new ContainerFilesystem(rootfs, List.of(), false);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void linksResolveInsideTheRoot(boolean walkOnly) throws IOException {
        try (ContainerFilesystem fs = fs(walkOnly)) {
            assertEquals(List.of("a", "b", "c.txt"), fs.resolve(List.of("link-abs", "b", "c.txt")));
            assertEquals(List.of("a"), fs.resolve(List.of("escape", "a")));
            assertEquals(List.of("new", "deeper"), fs.resolve(List.of("dangling")), "missing parts stay as named");
            try (ContainerFilesystem.Entry entry = fs.locate(List.of("escape", "a", "b", "c.txt"), false)) {
                assertEquals("hello", Files.readString(entry.parent().handle().procPath().resolve(entry.name())));
            }
            try (ContainerFilesystem.Entry viaHostLink = fs.locate(List.of("host-link", "secret"), false)) {
                assertTrue(viaHostLink == null || viaHostLink.statOrNull() == null,
                        "an absolute host path means nothing inside the container");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void directoriesAreMadeInsideTheRoot(boolean walkOnly) throws IOException {
        try (ContainerFilesystem fs = fs(walkOnly);
             ContainerFilesystem.Directory made = fs.directory(fs.rootAnchor(), List.of("dangling", "x"), null)) {
            assertNotNull(made);
        }
        assertTrue(Files.isDirectory(rootfs.resolve("new/deeper/x")));
        try (ContainerFilesystem fs = fs(walkOnly)) {
            fs.directory(fs.rootAnchor(), List.of("host-link", "planted"), null).close();
        }
        assertTrue(Files.isDirectory(rootfs.resolve(outside.toString().substring(1)).resolve("planted")));
        try (Stream<Path> host = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret")), host.toList());
        }
        Files.writeString(rootfs.resolve("file"), "x");
        try (ContainerFilesystem fs = fs(walkOnly)) {
            assertThrows(IOException.class, () -> fs.directory(fs.rootAnchor(), List.of("file", "below"), null));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aThreadSwappingADirectoryForAHostLinkNeverRedirectsAWrite(boolean walkOnly) throws Exception {
        Path dir = Files.createDirectories(rootfs.resolve("x/d"));
        Path link = Files.createSymbolicLink(rootfs.resolve("x/d.lnk"), outside);
        Path parked = rootfs.resolve("x/parked");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread swapper = new Thread(() -> {
            while (running.get()) { // d <-> d.lnk, through a third name: Java has no RENAME_EXCHANGE
                try {
                    Files.move(dir, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, dir, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(dir, link, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(parked, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // a name was briefly missing: go on swapping
                }
            }
        });
        swapper.start();
        int written = 0;
        try (ContainerFilesystem fs = fs(walkOnly)) {
            for (int i = 0; i < 2000; i++) {
                byte[] tar = new Tars().file("f" + i, "x", 0644, 0).bytes();
                try (ContainerFilesystem.Anchor destination = fs.anchor(List.of("x", "d"))) {
                    if (destination != null) {
                        ArchiveExtractor.extract(fs, destination, new ByteArrayInputStream(tar),
                                new ArchiveExtractor.Options(false, null));
                        written++;
                    }
                } catch (IOException e) {
                    // the directory was a link or missing at that moment: refused, which is fine
                }
            }
        } finally {
            running.set(false);
            swapper.join();
        }
        try (Stream<Path> host = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret")), host.toList(), "nothing was written to the host");
        }
        assertTrue(written > 0, "some copies landed in the container");
        Path realDirectory = Stream.of(dir, link, parked)
                .filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).findFirst().orElseThrow();
        try (Stream<Path> inside = Files.list(realDirectory)) {
            assertEquals(written, inside.count(), "each copy landed in the directory it was aimed at");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMissingParentIsNoEntry(boolean walkOnly) throws IOException {
        try (ContainerFilesystem fs = fs(walkOnly)) {
            assertNull(fs.locate(List.of("nothing", "here"), false));
            try (ContainerFilesystem.Entry missing = fs.locate(List.of("a", "none"), false)) {
                assertNull(missing.statOrNull());
            }
        }
    }
}
