package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.plugin.manager.PluginPrivilege;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What a plugin asks the user to grant, in Docker's terms where its config uses Docker's fields (network,
 * mounts, devices, capabilities, host namespaces). A Wharf plugin always asks for one more: it is a bundle that
 * runs inside the engine's process, so it has whatever the engine has; the prompt says so rather than pretending
 * otherwise.
 */
public final class PluginPrivileges {
    public static final PluginPrivilege IN_PROCESS = new PluginPrivilege("engine-process",
            "runs as a bundle inside the engine's process, with the engine's privileges", List.of("true"));

    private PluginPrivileges() {
    }

    public static List<PluginPrivilege> required(PluginConfig config) {
        List<PluginPrivilege> result = new ArrayList<>();
        if (!PluginConfigs.isDocker(config)) {
            result.add(IN_PROCESS);
        }
        String network = config.network().type();
        if (!network.isEmpty() && !network.equals("null") && !network.equals("bridge")) { // dockerd's exceptions
            result.add(new PluginPrivilege("network", "permissions to access a network", List.of(network)));
        }
        if (config.ipcHost()) {
            result.add(new PluginPrivilege("host ipc namespace", "allow access to host ipc namespace",
                    List.of("true")));
        }
        if (config.pidHost()) {
            result.add(new PluginPrivilege("host pid namespace", "allow access to host pid namespace",
                    List.of("true")));
        }
        List<String> sources = new ArrayList<>();
        for (PluginConfig.Mount mount : config.mounts()) {
            if (mount.source() != null && !mount.source().isEmpty()) {
                sources.add(mount.source());
            }
        }
        if (!sources.isEmpty()) {
            result.add(new PluginPrivilege("mount", "host path to mount", sources));
        }
        List<String> devices = new ArrayList<>();
        for (PluginConfig.Device device : config.linux().devices()) {
            if (device.path() != null && !device.path().isEmpty()) {
                devices.add(device.path());
            }
        }
        if (!devices.isEmpty()) {
            result.add(new PluginPrivilege("device", "host device to access", devices));
        }
        if (config.linux().allowAllDevices()) {
            result.add(new PluginPrivilege("allow-all-devices", "allow 'rwm' access to all devices",
                    List.of("true")));
        }
        if (!config.linux().capabilities().isEmpty()) {
            result.add(new PluginPrivilege("capabilities", "list of additional capabilities required",
                    config.linux().capabilities()));
        }
        return List.copyOf(result);
    }

    /** Every required privilege must be granted with at least its values; dockerd's words when not. */
    public static void check(List<PluginPrivilege> required, List<PluginPrivilege> granted) {
        for (PluginPrivilege need : required) {
            boolean covered = granted.stream().anyMatch(g -> g.name().equals(need.name())
                    && new HashSet<>(g.value()).containsAll(need.value()));
            if (!covered) {
                throw EngineException.invalid("incorrect privileges: %s %s was not granted", need.name(),
                        need.value());
            }
        }
    }
}
