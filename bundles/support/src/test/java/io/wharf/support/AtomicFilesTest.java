package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void writeCreatesFoldersAndReplacesWithoutLeavingTempFiles() throws IOException {
        Path target = tmp.resolve("a/b/state.json");
        AtomicFiles.write(target, bytes("first"));
        AtomicFiles.write(target, bytes("second"));
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), list(target.getParent()), "no temp file is left behind");
    }

    @Test
    void replaceSwapsTheFileInOneStepWithoutLeavingTempFiles() throws IOException {
        Path target = tmp.resolve("c/hosts");
        AtomicFiles.replace(target, bytes("first"));
        Object before = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        AtomicFiles.replace(target, bytes("second"));
        assertEquals("second", Files.readString(target));
        assertFalse(before.equals(Files.readAttributes(target,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey()), "a new inode, not a rewrite in place");
        assertEquals(List.of(target), list(target.getParent()), "no temp file is left behind");
    }

    @Test
    void moveReplacesTheTarget() throws IOException {
        Path source = Files.writeString(tmp.resolve("new"), "new");
        Path target = Files.writeString(tmp.resolve("old"), "old");
        AtomicFiles.move(source, target);
        assertFalse(Files.exists(source));
        assertArrayEquals(bytes("new"), Files.readAllBytes(target));
    }

    @Test
    void moveTakesWholeFolders() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("layer.json"), "{}");
        Path target = tmp.resolve("layers/done");
        Files.createDirectories(target.getParent());
        AtomicFiles.move(work, target);
        assertEquals("{}", Files.readString(target.resolve("layer.json")));
    }

    @Test
    void deleteIsFineWhenTheFileIsGone() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        AtomicFiles.delete(file);
        assertFalse(Files.exists(file));
        AtomicFiles.delete(file);
    }

    @Test
    void syncDirectoryIsBestEffort() {
        AtomicFiles.syncDirectory(tmp);
        AtomicFiles.syncDirectory(null);
        AtomicFiles.syncDirectory(tmp.resolve("missing"));
        assertTrue(Files.isDirectory(tmp));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
