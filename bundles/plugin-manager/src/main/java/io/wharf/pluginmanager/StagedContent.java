package io.wharf.pluginmanager;

import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.pluginmanager.docker.DockerPlugins;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A plugin's content staged in the store's {@code tmp/} until it is committed: a Wharf plugin's jar, or a Docker
 * plugin's folder of layers and root file system. Closing deletes what was not moved into place.
 */
public record StagedContent(byte[] config, Path content) implements AutoCloseable {
    /**
     * Reads create's context: spooled first, since config.json (anywhere in the tar) says which kind of plugin it
     * is and so how the rest is read.
     */
    public static StagedContent fromContext(InputStream context, PluginStore store, DockerPlugins docker)
            throws IOException {
        Path spool = store.tempFile("context");
        try {
            Files.copy(context, spool, StandardCopyOption.REPLACE_EXISTING);
            byte[] config;
            try (InputStream in = Files.newInputStream(spool)) {
                config = CreateContext.configOf(in);
            }
            boolean rootfs = PluginConfigs.isDocker(PluginConfigs.read(config));
            Path content = rootfs ? store.tempDir("create") : store.tempFile("create");
            try (InputStream in = Files.newInputStream(spool)) {
                config = rootfs ? docker.stageContext(in, content) : CreateContext.read(in, content).config();
            } catch (IOException | RuntimeException e) {
                PluginStore.deleteTree(content);
                throw e;
            }
            return new StagedContent(config, content);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Downloads the artifact's jar, or its layers (unpacked), each verified against its digest. */
    public static StagedContent download(RemotePlugins remote, RemotePlugins.Fetched fetched, PluginStore store,
                                         DockerPlugins docker, RegistryAuth auth, ProgressListener progress)
            throws IOException {
        boolean rootfs = PluginArtifacts.isRootfs(fetched.manifest());
        Path content = rootfs ? store.tempDir("download") : store.tempFile("download");
        try {
            if (rootfs) {
                docker.stageDownload(remote, fetched, content, auth, progress);
            } else {
                remote.downloadBundle(fetched, content, auth, progress);
            }
        } catch (IOException | RuntimeException e) {
            PluginStore.deleteTree(content);
            throw e;
        }
        return new StagedContent(fetched.config(), content);
    }

    @Override
    public void close() throws IOException {
        PluginStore.deleteTree(content);
    }
}
