package io.wharf.containerfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.container.ContainerInfo.MountPoint;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component walk, which serves every path of a container with mounts. */
class ComponentWalkTest {
    @TempDir
    Path tmp;
    Path rootfs;
    Path volume;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        volume = Files.createDirectories(tmp.resolve("volume"));
        Files.createDirectories(rootfs.resolve("a/b"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("a/b/c.txt"), "root");
        Files.writeString(volume.resolve("v.txt"), "volume");
        Files.createSymbolicLink(volume.resolve("to-root"), Path.of("/a/b"));
        Files.createSymbolicLink(volume.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(rootfs.resolve("loop"), Path.of("loop"));
    }

    private ContainerFilesystem fs() throws IOException {
        return new ContainerFilesystem(rootfs, List.of(new MountPoint("/data", volume.toString(), true, "volume",
                "v")), false);
    }

    @Test
    void aMountPointShowsTheMountAndLinksInItResolveInTheContainerRoot() throws IOException {
        try (ContainerFilesystem fs = fs()) {
            try (ContainerFilesystem.Entry entry = fs.locate(List.of("data", "v.txt"), false)) {
                assertNotNull(entry.statOrNull());
                assertEquals(volume.toRealPath(), entry.parent().mount().source());
                assertEquals(true, entry.parent().readOnly());
            }
            try (ContainerFilesystem.Entry entry = fs.locate(List.of("data", "to-root", "c.txt"), false)) {
                assertEquals(List.of("a", "b", "c.txt"), entry.components());
                assertNull(entry.parent().mount());
            }
            try (ContainerFilesystem.Entry entry = fs.locate(List.of("data", "up", "a"), false)) {
                assertEquals(List.of("a"), entry.components()); // .. stops at the container root
            }
        }
    }

    @Test
    void dotDotLeavesTheMountForTheDirectoryWalkedThrough() throws IOException {
        try (ContainerFilesystem fs = fs();
             ContainerFilesystem.Entry entry = fs.locate(List.of("data", "..", "a", "b", "c.txt"), false)) {
            assertEquals(List.of("a", "b", "c.txt"), entry.components());
            assertNotNull(entry.statOrNull());
        }
    }

    @Test
    void aMissingDirectoryIsNullAndResolveKeepsTheRestLexically() throws IOException {
        try (ContainerFilesystem fs = fs()) {
            assertNull(fs.locate(List.of("data", "none", "x"), false));
            assertEquals(List.of("a", "b", "none", "y"), fs.resolve(List.of("data", "to-root", "none", "x", "..",
                    "y")));
        }
    }

    @Test
    void aLinkLoopIsRefused() throws IOException {
        try (ContainerFilesystem fs = fs()) {
            assertThrows(EngineException.class, () -> fs.locate(List.of("loop", "x"), false));
        }
    }
}
