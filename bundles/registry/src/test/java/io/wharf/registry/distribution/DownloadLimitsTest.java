package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry that sends more than its descriptors declare: nothing past the declared size is kept. */
class DownloadLimitsTest {
    private static final RegistryEndpoint ENDPOINT = new RegistryEndpoint(URI.create("http://127.0.0.1:1"), true,
            false);
    @TempDir
    Path spool;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicLong served = new AtomicLong();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Endless zeros, counted. */
    private InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                served.addAndGet(len);
                return len;
            }
        };
    }

    /** A transport whose every blob is endless. */
    private RegistryTransport endlessBlobs() {
        return new RegistryTransport() {
            @Override
            public InputStream getBlob(RegistryEndpoint e, String r, Digest d, long offset, RegistryAuth a) {
                return endless();
            }

            @Override
            public String ping(RegistryEndpoint e, RegistryAuth a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ManifestResponse getManifest(RegistryEndpoint e, String r, String ref, List<String> types,
                                                RegistryAuth a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long statBlob(RegistryEndpoint e, String r, Digest d, RegistryAuth a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean mountBlob(RegistryEndpoint e, String r, Digest d, String from, RegistryAuth a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void putBlob(RegistryEndpoint e, String r, Digest d, long size, InputStream c, RegistryAuth a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Digest putManifest(RegistryEndpoint e, String r, String ref, String type, byte[] c,
                                      RegistryAuth a) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> listTags(RegistryEndpoint e, String r, RegistryAuth a) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void anEndlessLayerStopsAtItsDeclaredSizeAndLeavesNoSpoolFile() throws Exception {
        BlobDownloads downloads = new BlobDownloads(endlessBlobs(), spool, 1, executor, 0);
        Descriptor layer = new Descriptor(null, Digest.sha256(new byte[] {1}), 1 << 20, null);
        BlobDownloads.Handle handle = downloads.download(ENDPOINT, "r", layer, RegistryAuth.anonymous(),
                new Progress(m -> { }));
        ExecutionException e = assertThrows(ExecutionException.class, () -> handle.file().get());
        assertTrue(e.getCause().getMessage().contains("more than the 1048576 bytes its descriptor declares"),
                e.getCause().getMessage());
        assertTrue(served.get() <= (1 << 20) + 128 * 1024, "read " + served.get());
        try (var files = Files.list(spool)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aLayerWithoutASizeIsRefused() {
        BlobDownloads.Handle handle;
        try {
            handle = new BlobDownloads(endlessBlobs(), spool, 1, executor, 0).download(ENDPOINT, "r",
                    new Descriptor(null, Digest.sha256(new byte[] {1}), -1, null), RegistryAuth.anonymous(),
                    new Progress(m -> { }));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> handle.file().get());
        assertTrue(e.getCause().getMessage().contains("no size"), e.getCause().getMessage());
        assertEquals(0, served.get());
    }

    @Test
    void wholeBlobsAreBoundedByTheirDescriptorAndAHardLimit() throws IOException {
        byte[] config = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(config, WholeBlobs.read(new ByteArrayInputStream(config), 2, 100, "config"));
        EngineException lying = assertThrows(EngineException.class,
                () -> WholeBlobs.read(endless(), 100, WholeBlobs.MAX_CONFIG, "config"));
        assertTrue(lying.getMessage().contains("larger than the 100 bytes its descriptor declares"),
                lying.getMessage());
        assertTrue(served.get() <= 101 + 8192, "read " + served.get());
        EngineException unsized = assertThrows(EngineException.class,
                () -> WholeBlobs.read(endless(), -1, 1000, "config"));
        assertTrue(unsized.getMessage().contains("exceeds the limit of 1000 bytes"), unsized.getMessage());
        EngineException huge = assertThrows(EngineException.class,
                () -> WholeBlobs.read(endless(), 1L << 40, WholeBlobs.MAX_CONFIG, "config"));
        assertTrue(huge.getMessage().contains("exceeds the limit"), huge.getMessage());
    }
}
