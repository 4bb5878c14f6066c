package io.wharf.api.config;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The daemon configuration as it is now: the {@link DaemonConfig} wharfd started with, with the keys that a
 * SIGHUP reload changes live (labels, debug, registry-mirrors, insecure-registries, live-restore, experimental)
 * replaced by their reloaded values. Bundles that honour reloads read {@link #current()} when they need a value.
 */
@ProviderType
public interface DaemonSettings {
    /** The daemon.json keys that a reload changes; any other change waits for a restart. */
    java.util.Set<String> RELOADABLE_KEYS = java.util.Set.of("labels", "debug", "registry-mirrors",
            "insecure-registries", "live-restore", "experimental");

    DaemonConfig current();

    /** Calls the listener after every reload with the new configuration, until the returned handle is closed. */
    AutoCloseable onReload(Consumer<DaemonConfig> listener);
}
