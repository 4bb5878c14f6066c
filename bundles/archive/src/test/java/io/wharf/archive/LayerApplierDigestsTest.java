package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content digests recorded while a tar streams in: right for what is on disk, dropped for what was replaced. */
class LayerApplierDigestsTest {
    @TempDir
    Path root;

    @BeforeEach
    void needRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "applying owners needs root");
    }

    private Map<String, byte[]> apply(Tars tar) throws Exception {
        Map<String, byte[]> digests = new HashMap<>();
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(tar.bytes()), root,
                digests);
        return digests;
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRegularFileIsHashedAsItIsWritten() throws Exception {
        Map<String, byte[]> digests = apply(new Tars().dir("src").file("src/a", "alpha").file("b", "beta")
                .symlink("link", "b").hardlink("hard", "b"));
        assertEquals(Set.of("src/a", "b"), digests.keySet());
        assertArrayEquals(sha256("alpha"), digests.get("src/a"));
        assertArrayEquals(sha256(Files.readString(root.resolve("b"))), digests.get("b"));
    }

    @Test
    void fileContentLargerThanTheCopyBufferArrivesWholeAndHashed() throws Exception {
        StringBuilder big = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        while (big.length() < 300_001) {
            big.append((char) ('a' + random.nextInt(26)));
        }
        Tars tar = new Tars().file("big", big.toString()).file("after", "small");
        Map<String, byte[]> digests = new HashMap<>();
        long written = new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get())
                .apply(new ByteArrayInputStream(tar.bytes()), root, digests);
        assertEquals(big.toString(), Files.readString(root.resolve("big")));
        assertEquals("small", Files.readString(root.resolve("after")));
        assertEquals(300_001 + 5, written);
        assertArrayEquals(sha256(big.toString()), digests.get("big"));
    }

    @Test
    void aReplacedOrRemovedFileLosesItsDigest() throws Exception {
        Map<String, byte[]> digests = apply(new Tars().dir("d").file("d/x", "1").file("d/y", "2").file("z", "3")
                .symlink("z", "d/x").file("d/.wh.y", "").file("gone/f", "4").file(".wh.gone", "")
                .file("d/x", "new"));
        assertNull(digests.get("z"), "a symlink replaced the file");
        assertNull(digests.get("d/y"), "whited out");
        assertNull(digests.get("gone/f"), "its directory was whited out");
        assertArrayEquals(sha256("new"), digests.get("d/x"), "the later entry wins");
    }

    @Test
    void aDirectoryReplacedByALinkForgetsItsFiles() throws Exception {
        Map<String, byte[]> digests = apply(new Tars().dir("a").file("a/f", "old").dir("b").file("b/f", "other")
                .symlink("a", "b"));
        assertNull(digests.get("a/f"));
        assertArrayEquals(sha256("other"), digests.get("b/f"));
    }
}
