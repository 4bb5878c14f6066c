package io.wharf.api.plugin;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The legacy plugins of the host, found as dockerd finds them ({@code /run/docker/plugins/NAME.sock},
 * {@code NAME.spec} and {@code NAME.json} in {@code /etc/docker/plugins} and {@code /usr/lib/docker/plugins}),
 * activated when first asked for and kept while they answer.
 */
@ProviderType
public interface LegacyPlugins {
    /**
     * The plugin {@code name}, activated, when it implements {@code type}. NOT_FOUND
     * ({@code plugin "NAME" not found}) when no socket or spec has that name or it does not implement the type;
     * an IOException when its handshake fails.
     */
    LegacyPlugin get(String name, String type) throws IOException;

    /** Every plugin found now that activates and implements {@code type}; the others are skipped (and logged). */
    List<LegacyPlugin> getAll(String type);
}
