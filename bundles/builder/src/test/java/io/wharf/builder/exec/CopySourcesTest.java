package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY sources: globs, missing files, escapes, and a checksum of content and modes but not times. */
class CopySourcesTest {
    @TempDir
    Path root;

    @BeforeEach
    void context() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("dir/sub/c.txt"), "c");
    }

    @Test
    void globsMatchWithinOneDirectoryLevel() throws Exception {
        assertEquals(List.of(root.resolve("a.txt"), root.resolve("b.txt")),
                CopySources.resolve(root, List.of("*.txt")));
        assertEquals(List.of(root.resolve("dir/sub/c.txt")), CopySources.resolve(root, List.of("dir/*/c.txt")));
        assertEquals(List.of(root), CopySources.resolve(root, List.of(".")));
    }

    @Test
    void missingAndEscapingSourcesAreTheClientsError() {
        assertThrows(EngineException.class, () -> CopySources.resolve(root, List.of("none")));
        assertThrows(EngineException.class, () -> CopySources.resolve(root, List.of("*.none")));
        assertThrows(EngineException.class, () -> CopySources.resolve(root.resolve("dir"), List.of("../a.txt")));
    }

    @Test
    void aLinkedParentDirectoryCannotLeadOutOfTheRoot() throws Exception {
        Path inner = Files.createDirectories(root.resolve("ctx"));
        Files.createSymbolicLink(inner.resolve("out"), root.resolve("dir"));
        assertThrows(EngineException.class, () -> CopySources.resolve(inner, List.of("out/sub")));
    }

    @Test
    void theChecksumFollowsContentAndModeButNotTimes() throws Exception {
        List<Path> sources = List.of(root.resolve("dir"));
        String before = CopySources.checksum(sources);
        assertTrue(before.startsWith("dir:"), before);
        Files.setLastModifiedTime(root.resolve("dir/sub/c.txt"), FileTime.fromMillis(0));
        assertEquals(before, CopySources.checksum(sources));
        Files.setPosixFilePermissions(root.resolve("dir/sub/c.txt"), PosixFilePermissions.fromString("rwx------"));
        String chmodded = CopySources.checksum(sources);
        assertNotEquals(before, chmodded);
        Files.writeString(root.resolve("dir/sub/c.txt"), "C");
        assertNotEquals(chmodded, CopySources.checksum(sources));
        assertTrue(CopySources.checksum(List.of(root.resolve("a.txt"), root.resolve("b.txt"))).startsWith("multi:"));
    }

    @Test
    void setIdBitsArePartOfTheChecksumAndTheMode() throws Exception {
        Path file = root.resolve("a.txt");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        String plain = CopySources.checksum(List.of(file));
        assertEquals(0755, RootfsWriter.mode(file));
        Files.setAttribute(file, "unix:mode", 04755);
        assertEquals(04755, RootfsWriter.mode(file));
        assertNotEquals(plain, CopySources.checksum(List.of(file)));
        Files.setAttribute(file, "unix:mode", 02755);
        assertEquals(02755, RootfsWriter.mode(file));
    }
}
