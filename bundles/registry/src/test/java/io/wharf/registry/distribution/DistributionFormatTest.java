package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.registry.support.Daemon;
import io.wharf.support.FormatVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution folder as Wharf 0.1 (689d0a6, no format version) left it: v2metadata.json and its spool. */
class DistributionFormatTest {
    private static final String PUSHED = "{\"sha256:" + "a".repeat(64) + "\":[{\"digest\":\"sha256:" + "b".repeat(64)
            + "\",\"size\":12,\"registry\":\"127.0.0.1:5000\",\"repository\":\"library/busybox\"}]}";

    @TempDir
    Path root;

    @Test
    void anUnversionedFolderKeepsItsMetadataAndIsMarkedCurrent() throws Exception {
        Path dir = Files.createDirectories(root.resolve("distribution/tmp/downloads")).getParent().getParent();
        Files.writeString(dir.resolve("v2metadata.json"), PUSHED);

        try (Daemon daemon = new Daemon(root)) {
            assertEquals(FormatVersion.Area.DISTRIBUTION.current(), FormatVersion.read(dir));
            assertEquals(PUSHED, Files.readString(dir.resolve("v2metadata.json")));
        }
    }

    @Test
    void aNewerFolderIsNotOpened() throws Exception {
        Path dir = Files.createDirectories(root.resolve("distribution"));
        Files.writeString(dir.resolve(FormatVersion.FILE_NAME), "3\n");
        assertThrows(FormatVersion.NewerFormatException.class, () -> new Daemon(root).close());
    }
}
