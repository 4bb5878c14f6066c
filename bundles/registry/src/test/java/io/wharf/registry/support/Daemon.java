package io.wharf.registry.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.image.Layer;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.imagestore.ImageStore;
import io.wharf.registry.distribution.RegistryDistribution;
import io.wharf.registry.http.Authenticator;
import io.wharf.registry.http.HttpRegistryTransport;
import io.wharf.registry.http.RegistryHttp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One "daemon" for tests without OSGi: a real image store on a directory driver, the HTTP transport and the
 * distribution service, wired as the DS components wire them.
 */
public final class Daemon implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public final ImageStore store;
    public final HttpRegistryTransport transport;
    public final RegistryDistribution distribution;
    public final Path root;

    public Daemon(Path root, List<String> mirrors, List<String> insecure) throws IOException {
        this(root, mirrors, insecure, 5);
    }

    public Daemon(Path root, List<String> mirrors, List<String> insecure, int maxDownloadAttempts)
            throws IOException {
        this.root = root;
        this.store = new ImageStore(root.resolve("image"), new LayerDirDriver(root.resolve("layers")));
        RegistryHttp http = new RegistryHttp(java.time.Duration.ofSeconds(2));
        this.transport = new HttpRegistryTransport(http, new Authenticator(http, Clock.systemUTC()));
        this.distribution = new RegistryDistribution(transport, store, new RegistryDistribution.Settings(mirrors,
                insecure, 3, 5, root.resolve("distribution"), 10, maxDownloadAttempts));
    }

    public Daemon(Path root) throws IOException {
        this(root, List.of(), List.of());
    }

    /** Collects progress messages. */
    public static final class Recorder implements io.wharf.api.progress.ProgressListener {
        public final List<ProgressMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public void onProgress(ProgressMessage message) {
            messages.add(message);
        }

        public List<String> statuses() {
            return messages.stream().filter(m -> m.status() != null)
                    .map(m -> (m.id() == null ? "" : m.id() + ": ") + m.status()).toList();
        }

        public boolean has(String status) {
            return messages.stream().anyMatch(m -> status.equals(m.status()));
        }
    }

    /** Builds an image from layer tars, stores it and tags it; returns its ID. */
    public Digest build(String reference, String architecture, List<byte[]> layerTars) throws IOException {
        Digest parent = null;
        List<String> diffIds = new ArrayList<>();
        for (byte[] tar : layerTars) {
            Layer l = store.registerLayer(parent, new ByteArrayInputStream(tar), null);
            parent = l.chainId();
            diffIds.add(l.diffId().toString());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("created", "2026-01-01T00:00:00Z");
        config.put("config", Map.of("Cmd", List.of("/bin/sh")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        Digest id = store.storeImage(MAPPER.writeValueAsBytes(config), null);
        store.addReference(ImageReference.parse(reference).withDefaultTag(), id);
        return id;
    }

    /** A tar holding the given files (name, content pairs). */
    public static byte[] tar(Object... nameContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < nameContent.length; i += 2) {
                byte[] content = nameContent[i + 1] instanceof byte[] b ? b
                        : nameContent[i + 1].toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry((String) nameContent[i]);
                e.setSize(content.length);
                e.setMode(0755);
                e.setModTime(0);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A busybox-ish root layer: the host's /bin/busybox plus a few files. */
    public static byte[] busyboxLayer() throws IOException {
        Path bb = Path.of("/bin/busybox");
        byte[] binary = Files.isRegularFile(bb) ? Files.readAllBytes(bb) : random(1_000_000, 1);
        return tar("bin/busybox", binary, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    }

    public int layerCount() {
        return store.layers().sizes().size();
    }

    @Override
    public void close() {
        distribution.close();
        transport.close();
    }
}
