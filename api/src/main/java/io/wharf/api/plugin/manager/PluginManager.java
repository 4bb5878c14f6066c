package io.wharf.api.plugin.manager;

import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.RegistryAuth;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's managed plugins. A plugin is named by a normalized reference ({@code localhost:5000/acme/x:1.0},
 * {@code acme/x:latest}) and may be looked up by that name, its familiar form, or a unique prefix of its id.
 * Unknown names are NOT_FOUND ({@code plugin NAME not found}); state conflicts (enabled, in use, a driver name
 * another plugin owns) are CONFLICT, with Docker's wording where Docker has one.
 */
@ProviderType
public interface PluginManager {
    List<Plugin> list();

    Plugin get(String nameOrId);

    /** The privileges the plugin at {@code remote} asks for (docker plugin install shows them). */
    List<PluginPrivilege> privileges(String remote, RegistryAuth auth) throws IOException;

    /** The local name a pull of {@code remote} as {@code name} (may be null or empty) installs. */
    String localName(String remote, String name);

    /**
     * Pulls, verifies and installs the plugin, disabled. {@code granted} must cover what it asks for; a driver name
     * another plugin or bundle already provides is a CONFLICT.
     */
    void pull(String remote, String name, List<PluginPrivilege> granted, RegistryAuth auth,
              ProgressListener progress) throws IOException;

    /** Replaces the plugin's bundle with the one at {@code remote}, in place ({@code Bundle.update}). */
    void upgrade(String name, String remote, List<PluginPrivilege> granted, RegistryAuth auth,
                 ProgressListener progress) throws IOException;

    void push(String name, RegistryAuth auth, ProgressListener progress) throws IOException;

    /** Installs a plugin from docker plugin create's context: a tar of config.json and rootfs/ holding the jar. */
    void create(String name, InputStream context) throws IOException;

    void enable(String name) throws IOException;

    /** Stops the plugin; CONFLICT while volumes or networks use one of its drivers, unless forced. */
    void disable(String name, boolean force) throws IOException;

    /** Uninstalls the plugin; CONFLICT while it is enabled, unless forced. */
    void remove(String name, boolean force) throws IOException;

    /** Sets settable env values ({@code KEY=value}); they reach the bundle through its configuration. */
    void set(String name, List<String> settings) throws IOException;
}
