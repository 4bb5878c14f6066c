package io.wharf.pluginmanager.docker;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.pluginmanager.PluginArtifacts;
import io.wharf.pluginmanager.PluginEnv;
import io.wharf.pluginmanager.PluginRecord;
import io.wharf.pluginmanager.PluginStore;
import io.wharf.pluginmanager.RemotePlugins;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the plugin manager does for a Docker (managed) plugin rather than a Wharf bundle: its root file system
 * staged from a create context or a download (layers kept for push), and its container run on enable.
 */
public final class DockerPlugins {
    private static final String LATEST = ":latest";
    private final PluginStore store;
    private final RootfsLayers layers;
    private final PluginContainers containers;

    public DockerPlugins(PluginStore store, RootfsLayers layers, PluginContainers containers) {
        this.store = store;
        this.layers = layers;
        this.containers = containers;
    }

    /** The name the adapters know the plugin by, as a driver: its name, without {@code :latest}. */
    public static String driverName(String pluginName) {
        return pluginName.endsWith(LATEST) ? pluginName.substring(0, pluginName.length() - LATEST.length())
                : pluginName;
    }

    /** A Docker plugin is upgraded only to a Docker plugin, and only while disabled (dockerd's words). */
    public static void checkUpgrade(PluginRecord record, boolean fromDocker, boolean toDocker) {
        if (fromDocker != toDocker) {
            throw EngineException.invalid("plugin %s: a Wharf plugin and a Docker plugin cannot replace each other",
                    record.name());
        }
        if (record.enabled()) {
            throw EngineException.conflict("plugin must be disabled before upgrading");
        }
    }

    /** Stages create's context into {@code staged} (layers/ and rootfs/); answers the config to keep. */
    public byte[] stageContext(InputStream context, Path staged) throws IOException {
        Files.createDirectories(staged.resolve("layers"));
        Path layer = staged.resolve("layers").resolve("000");
        byte[] config = layers.fromContext(context, layer);
        layers.unpack(List.of(layer), RootfsLayers.diffIds(config), staged.resolve("rootfs"));
        return config;
    }

    /** Downloads every layer (each verified against its digest) into {@code staged} and unpacks them. */
    public void stageDownload(RemotePlugins remote, RemotePlugins.Fetched fetched, Path staged, RegistryAuth auth,
                              ProgressListener progress) throws IOException {
        Files.createDirectories(staged.resolve("layers"));
        List<Path> files = new ArrayList<>();
        List<PluginArtifacts.Descriptor> descriptors = fetched.manifest().layers();
        for (int i = 0; i < descriptors.size(); i++) {
            Path file = Files.createFile(staged.resolve("layers").resolve("%03d".formatted(i)));
            remote.downloadBlob(fetched, descriptors.get(i), file, auth, progress);
            files.add(file);
        }
        layers.unpack(files, RootfsLayers.diffIds(fetched.config()), staged.resolve("rootfs"));
    }

    /** The layers as pushed: gzipped tars, in order. */
    public List<RemotePlugins.Layer> pushLayers(String id) throws IOException {
        return store.layers(id).stream()
                .map(f -> new RemotePlugins.Layer(PluginArtifacts.ROOTFS_LAYER, f)).toList();
    }

    public void enable(PluginRecord record, PluginConfig config) throws IOException {
        containers.start(plugin(record, config), settings(record, config));
    }

    public void restore(PluginRecord record, PluginConfig config) throws IOException {
        containers.restore(plugin(record, config), settings(record, config));
    }

    public void disable(PluginRecord record, PluginConfig config) throws IOException {
        containers.stop(plugin(record, config));
    }

    /** Refuses (409) while something is still mounted where {@code plugin rm} would delete. */
    public void releaseForRemoval(PluginRecord record, PluginConfig config) {
        containers.releaseForRemoval(plugin(record, config));
    }

    private static PluginSpecs.Settings settings(PluginRecord record, PluginConfig config) {
        return new PluginSpecs.Settings(PluginEnv.asList(PluginEnv.values(config, record.env())),
                DockerSettings.args(config, record), record.overrides().mounts(), record.overrides().devices());
    }

    private PluginContainers.Plugin plugin(PluginRecord record, PluginConfig config) {
        Path dir = store.dir(record.id());
        return new PluginContainers.Plugin(record.id(), driverName(record.name()), config,
                new PluginSpecs.HostPaths(dir.resolve("rootfs"), containers.socketDir(record.id()),
                        dir.resolve("propagated-mount"), dir.resolve("plugin.log")));
    }
}
