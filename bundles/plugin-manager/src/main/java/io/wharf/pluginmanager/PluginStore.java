package io.wharf.pluginmanager;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.support.AtomicFiles;
import io.wharf.support.FormatVersion;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugins' state under {@code <data-root>/plugins}: {@code plugins.json} lists them (rewritten whole and
 * atomically on each change), and each has a folder {@code <id>/} with its {@code config.json} and
 * {@code bundle.jar}. A new jar is written beside the old one and renamed over it, so a crash leaves one of the
 * two whole. Downloads in progress go to {@code tmp/}, emptied at start.
 */
public final class PluginStore {
    public static final String LOCATION_PREFIX = "wharf-plugin:";
    private static final TypeReference<List<PluginRecord>> RECORDS = new TypeReference<>() {
    };
    private final Path root;

    public PluginStore(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        FormatVersion.open(FormatVersion.Area.PLUGINS, root, FormatVersion.Migration.NONE);
        deleteTree(root.resolve("tmp"));
        Files.createDirectories(root.resolve("tmp"));
    }

    public List<PluginRecord> load() throws IOException {
        Path file = root.resolve("plugins.json");
        if (!Files.exists(file)) {
            return List.of();
        }
        return List.copyOf(Json.MAPPER.readValue(Files.readAllBytes(file), RECORDS));
    }

    public void save(List<PluginRecord> records) throws IOException {
        AtomicFiles.write(root.resolve("plugins.json"), Json.bytes(new ArrayList<>(records)));
    }

    public Path jar(String id) {
        return root.resolve(id).resolve("bundle.jar");
    }

    public byte[] config(String id) throws IOException {
        return Files.readAllBytes(root.resolve(id).resolve("config.json"));
    }

    /** A fresh file to download or unpack into; moved into place by {@link #commit}. */
    public Path tempFile(String prefix) throws IOException {
        return Files.createTempFile(root.resolve("tmp"), prefix, ".part");
    }

    /** Makes a verified jar and its config the plugin's, each replaced atomically. */
    public void commit(String id, byte[] config, Path jar) throws IOException {
        AtomicFiles.write(root.resolve(id).resolve("config.json"), config);
        AtomicFiles.move(jar, jar(id));
    }

    /** A plugin's folder; a Docker plugin's {@code rootfs/}, {@code layers/} and {@code propagated-mount/} too. */
    public Path dir(String id) {
        return root.resolve(id);
    }

    /** A fresh directory to stage a Docker plugin's layers and root file system in; moved by {@link #commitRootfs}. */
    public Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(root.resolve("tmp"), prefix);
    }

    /**
     * Makes a staged Docker plugin ({@code rootfs/} and {@code layers/}, verified) and its config the plugin's; the
     * previous ones (an upgrade) are moved aside first and deleted after.
     */
    public void commitRootfs(String id, byte[] config, Path staged) throws IOException {
        Path dir = root.resolve(id);
        Files.createDirectories(dir);
        Path old = tempDir("old");
        for (String part : new String[] {"rootfs", "layers"}) {
            if (Files.exists(dir.resolve(part))) {
                Files.move(dir.resolve(part), old.resolve(part));
            }
            Files.move(staged.resolve(part), dir.resolve(part));
        }
        AtomicFiles.write(dir.resolve("config.json"), config);
        deleteTree(old);
    }

    /** A Docker plugin's layer blobs, in order. */
    public List<Path> layers(String id) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(id).resolve("layers"))) {
            return files.sorted().toList();
        }
    }

    public void delete(String id) throws IOException {
        deleteTree(root.resolve(id));
    }

    /** Deletes a folder and what it holds (links are removed, never followed). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
