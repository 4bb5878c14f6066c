package io.wharf.api.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where managed plugins are handed to the adapters: the plugin manager registers the socket of a plugin it runs,
 * and from then on {@link LegacyPlugins#get} and {@link LegacyPlugins#getAll} find it by its name, as dockerd's
 * plugin getter finds v1 and v2 plugins alike.
 *
 * @since 1.1
 */
@ProviderType
public interface PluginSockets {
    /**
     * Makes the {@code Plugin.Activate} handshake on {@code socket} (retrying while the plugin starts, as for a
     * legacy plugin) and offers the plugin under {@code name}. {@code hostPath} turns a path the plugin answers
     * into the host's. A plugin of that name already registered is replaced (its {@code whenGone} actions run).
     */
    LegacyPlugin register(String name, Path socket, UnaryOperator<String> hostPath) throws IOException;

    /** Forgets the plugin and runs its {@code whenGone} actions; nothing when no plugin has that name. */
    void unregister(String name);
}
