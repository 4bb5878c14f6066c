package io.wharf.api.plugin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** An activated legacy plugin: its name, what its handshake said it implements, and its RPC. */
@ProviderType
public interface LegacyPlugin {
    String name();

    /** The {@code Implements} list of its {@code Plugin.Activate} answer ("VolumeDriver", "authz", ...). */
    List<String> implementedTypes();

    /**
     * POSTs {@code /METHOD} with a JSON body (empty for none) and returns the JSON answer. An answer other than
     * 200 is a {@link PluginCallException}; a plugin that cannot be reached, an IOException (after the retries
     * dockerd makes).
     */
    byte[] call(String method, byte[] jsonRequest) throws IOException;

    /**
     * A path the plugin answered (a volume's mountpoint) as the host sees it. A legacy plugin runs on the host, so
     * the path is unchanged; a managed plugin's paths are inside its root file system or its propagated mount.
     *
     * @since 1.1
     */
    default String hostPath(String pluginPath) {
        return pluginPath;
    }

    /**
     * Runs {@code action} once the plugin is gone (a managed plugin disabled or removed), so that an adapter can
     * take back the drivers it registered for it; at once when it is already gone. A legacy plugin found by its
     * socket or spec stays for the daemon's life, so this does nothing for it.
     *
     * @since 1.1
     */
    default void whenGone(Runnable action) {
        // legacy plugins do not go
    }

    /**
     * As {@link #call}, for a method that answers a stream ({@code LogDriver.ReadLogs}): the answer's body, read as
     * it comes; closing it ends the call. This default reads the whole answer first, which serves a stream that ends
     * but not one that follows.
     */
    default InputStream stream(String method, byte[] jsonRequest) throws IOException {
        return new ByteArrayInputStream(call(method, jsonRequest));
    }
}
