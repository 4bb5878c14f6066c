package io.wharf.imagestore;

import static io.wharf.imagestore.Tars.gzip;
import static io.wharf.imagestore.Tars.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import and load of archives built to take the daemon's memory: refused as the client's error (400), with the
 * store as it was. (The streamed 1.5 GiB attack itself is in the archive bundle's tests and end to end.)
 */
class HostileInputTest {
    private static final long HUGE = 3L << 29;
    @TempDir
    Path tmp;
    private DirDriver driver;
    private ImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        driver = new DirDriver(tmp.resolve("testfs"));
        store = new ImageStore(tmp.resolve("image/testfs"), driver);
        store.importRootfs(new ByteArrayInputStream(tar("bin/sh", "#!/bin/sh")), null, null, null);
    }

    @AfterEach
    void storeIsAsItWas() throws IOException {
        assertEquals(1, store.count());
        assertEquals(1, driver.layerCount());
        try (Stream<Path> all = Files.walk(tmp.resolve("image/testfs"))) {
            assertEquals(java.util.List.of(), all.filter(p -> p.getParent().getFileName().toString().equals("tmp"))
                    .toList());
        }
    }

    /** The header of a GNU long name announcing 1.5 GiB, and a little of it. */
    private static byte[] longNameTar() {
        TarArchiveEntry entry = new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, true);
        entry.setSize(HUGE);
        byte[] bytes = new byte[512 + 4096];
        entry.writeEntryHeader(bytes);
        java.util.Arrays.fill(bytes, 512, bytes.length, (byte) 'a');
        return bytes;
    }

    private static void assertRefused(EngineException e, String expected) {
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void importOfAHugeLongNameIsRefused() {
        EngineException e = assertThrows(EngineException.class, () -> store.importRootfs(
                new ByteArrayInputStream(gzip(longNameTar())), null, null, null));
        assertRefused(e, "GNU long name of " + HUGE + " bytes exceeds the limit of 1048576 bytes");
    }

    @Test
    void loadOfATarballWithAHugeLongNameIsRefused() {
        EngineException e = assertThrows(EngineException.class,
                () -> store.load(new ByteArrayInputStream(longNameTar()), m -> { }));
        assertRefused(e, "GNU long name of " + HUGE + " bytes");
    }

    @Test
    void loadOfALayerWithAHugeLongNameIsRefused() throws IOException {
        String config = "{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "0".repeat(64)
                + "\"]}}";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"evil:1\"],\"Layers\":[\"l.tar.gz\"]}]"
                .getBytes(StandardCharsets.UTF_8));
        files.put("c.json", config.getBytes(StandardCharsets.UTF_8));
        files.put("l.tar.gz", gzip(longNameTar()));
        EngineException e = assertThrows(EngineException.class,
                () -> store.load(new ByteArrayInputStream(tar(files)), m -> { }));
        assertRefused(e, "GNU long name of " + HUGE + " bytes");
    }

    @Test
    void loadReadsNoJsonLargerThanItsLimit() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", (" ".repeat((int) TarballLoader.MAX_JSON) + "[]").getBytes(StandardCharsets.UTF_8));
        EngineException e = assertThrows(EngineException.class,
                () -> store.load(new ByteArrayInputStream(tar(files)), m -> { }));
        assertRefused(e, "manifest.json is larger than " + TarballLoader.MAX_JSON + " bytes");
    }

    @Test
    void loadOfATagWithADigestIsRefused() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", ("[{\"Config\":\"c.json\",\"RepoTags\":[\"evil:1@sha256:" + "a".repeat(64)
                + "\"],\"Layers\":[]}]").getBytes(StandardCharsets.UTF_8));
        files.put("c.json", "{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
        EngineException e = assertThrows(EngineException.class,
                () -> store.load(new ByteArrayInputStream(tar(files)), m -> { }));
        assertRefused(e, "refusing to create a tag with a digest reference");
    }

    @Test
    void theIndexStoresNoTagWithADigest(@TempDir Path other) throws IOException {
        ImageFixture fixture = new ImageFixture(other);
        var id = fixture.image("x", null);
        EngineException e = assertThrows(EngineException.class,
                () -> fixture.tag("evil:1@sha256:" + "a".repeat(64), id));
        assertRefused(e, "refusing to create a tag with a digest reference");
        assertEquals(java.util.List.of(), fixture.index.refsOf(id));
    }
}
