package io.wharf.volumes.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.support.FormatVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volume's metadata as Wharf 0.1 (689d0a6, no format version) stored it: name, driver, mountpoint. */
class MetadataStoreFormatTest {
    @TempDir
    Path dataRoot;

    @Test
    void anUnversionedAreaLoadsAsBeforeAndIsMarkedCurrent() throws Exception {
        Path fixture = Path.of(getClass().getResource("/wharf-0.1/volumes-meta").toURI());
        new ProcessBuilder("cp", "-a", fixture.toString(), dataRoot.toString()).inheritIO().start().waitFor();
        Path dir = dataRoot.resolve("volumes-meta");

        MetadataStore store = new MetadataStore(dir);

        assertEquals(List.of("data local"), store.all().stream().map(m -> m.name() + " " + m.driver()).toList());
        assertEquals(FormatVersion.Area.VOLUMES.current(), FormatVersion.read(dir));
    }
}
