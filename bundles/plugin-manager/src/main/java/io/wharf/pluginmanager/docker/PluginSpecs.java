package io.wharf.pluginmanager.docker;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceCgroupRule;
import io.wharf.api.runtime.DeviceSpec;
import io.wharf.api.runtime.MountSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A Docker plugin's container, as dockerd's plugin v2 {@code InitSpec} makes it from config.json: the default
 * container with the plugin's root file system; its socket directory bound at {@code /run/docker/plugins}; the
 * propagated mount (a host directory whose paths the plugin's answers are turned into, see {@link #hostPath});
 * {@code /etc/hosts} and
 * {@code /etc/resolv.conf} when it names a network; its mounts; host network, pid or ipc namespaces when asked;
 * its extra capabilities and devices; entrypoint plus args, env after {@code PATH}, workdir. With a propagated
 * mount the container's root is {@code rshared}, so that what the plugin mounts under it (a tmpfs, sshfs per
 * volume) reaches the host through the shared bind ({@link PropagatedMounts} makes the host side shared). As in
 * dockerd, which starts from {@code oci.DefaultSpec()} and never adds the daemon's seccomp or AppArmor profile,
 * the plugin runs without a seccomp filter: its privileges are the capabilities the user granted.
 */
public final class PluginSpecs {
    /** Where a plugin finds its socket directory, as in Docker. */
    public static final String SOCKET_DIR = "/run/docker/plugins";
    /** Where a log plugin finds the FIFOs of containers' output, as in Docker. */
    public static final String LOGGING_DIR = "/run/docker/logging";
    /** The root propagation of a plugin with a propagated mount, as dockerd's {@code InitSpec} sets it. */
    static final String ROOTFS_SHARED = "rshared";
    private static final List<String> PROPAGATIONS = List.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate", "unbindable", "runbindable");
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** moby's caps.DefaultCapabilities(), which a plugin's own are added to. */
    static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    /** moby's oci.DefaultSpec() masked and read-only paths. */
    static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private PluginSpecs() {
    }

    /**
     * Where the plugin's parts are on the host.
     *
     * @param rootfs          its root file system
     * @param socketDir       the directory bound at {@value #SOCKET_DIR}, where its socket appears
     * @param propagatedMount the host directory bound at its {@code propagatedMount}
     * @param logPath         where its output is written
     */
    public record HostPaths(Path rootfs, Path socketDir, Path propagatedMount, Path logPath) {
        /**
         * wharfd's directory for the plugin's log FIFOs, bound read-only at {@value #LOGGING_DIR}: beside the
         * socket directory, not in it, since the plugin may write in that one (and swap a FIFO for a link).
         */
        public Path loggingDir() {
            return socketDir.resolveSibling(socketDir.getFileName() + "-logging");
        }
    }

    /**
     * The plugin's settings: config defaults overridden by {@code docker plugin set}. {@code env} is
     * {@code KEY=value}; {@code mountSources} and {@code devicePaths} are by mount and device name.
     */
    public record Settings(List<String> env, List<String> args, Map<String, String> mountSources,
                           Map<String, String> devicePaths) {
    }

    public static ContainerSpec of(String id, PluginConfig config, HostPaths paths, Settings settings) {
        List<String> argv = new ArrayList<>(config.entrypoint());
        argv.addAll(settings.args());
        if (argv.isEmpty()) {
            throw EngineException.invalid("plugin config.json has no entrypoint");
        }
        List<String> environment = new ArrayList<>();
        environment.add(DEFAULT_PATH);
        environment.addAll(settings.env());
        ProcessSpec process = new ProcessSpec(argv, environment, config.workDir().isEmpty() ? "/" : config.workDir(),
                0, 0, List.of(), false, false, List.of());
        LinkedHashSet<String> capabilities = new LinkedHashSet<>(DEFAULT_CAPABILITIES);
        capabilities.addAll(config.linux().capabilities());
        SecuritySpec security = new SecuritySpec(false, List.copyOf(capabilities), false, SecuritySpec.UNCONFINED,
                MASKED_PATHS, READONLY_PATHS);
        List<DeviceCgroupRule> deviceRules = config.linux().allowAllDevices()
                ? List.of(DeviceCgroupRule.parse("a *:* rwm")) : List.of();
        return new ContainerSpec(id, "plugin-" + id.substring(0, 12), "runc", paths.rootfs(), false, process, null,
                null, namespaces(config), mounts(config, paths, settings.mountSources()),
                devices(config, settings.devicePaths()), security,
                Resources.none(), Map.of(), paths.logPath(), Map.of(), deviceRules,
                config.propagatedMount().isEmpty() ? null : ROOTFS_SHARED);
    }

    /**
     * A path the plugin answered as the host sees it (dockerd's {@code ScopedPath}): under the propagated mount's
     * host directory when it is in the propagated mount, under the root file system otherwise. Both directories
     * are the plugin's to write, so symbolic links in them are resolved (as far as the path exists) and the result
     * must stay inside the directory it was scoped to: a plugin answering a path through a link to {@code /} gets
     * an error, not the host's files bound into containers. A window remains between this check and the caller's
     * use of the path (the plugin could swap a component for a link meanwhile); closing it needs the bind to be
     * made from an {@code openat2(RESOLVE_IN_ROOT)} descriptor, which the execution SPI does not offer yet.
     */
    public static String hostPath(String pluginName, PluginConfig config, HostPaths paths, String pluginPath) {
        String path = Path.of("/").resolve(pluginPath).normalize().toString(); // no ".." out of the plugin
        String propagated = config.propagatedMount().replaceAll("/+$", "");
        Path scope;
        String rest;
        if (path.equals(LOGGING_DIR) || path.startsWith(LOGGING_DIR + "/")) {
            scope = paths.loggingDir();
            rest = path.substring(LOGGING_DIR.length());
        } else if (!propagated.isEmpty() && (path.equals(propagated) || path.startsWith(propagated + "/"))) {
            scope = paths.propagatedMount();
            rest = path.substring(propagated.length());
        } else {
            scope = paths.rootfs();
            rest = path.equals("/") ? "" : path;
        }
        Path realScope = resolveExisting(scope);
        Path resolved = resolveExisting(Path.of(scope + rest));
        if (!resolved.startsWith(realScope)) {
            throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                    "plugin %s answered path %s, which leads out of its %s to %s", pluginName, pluginPath,
                    scope.equals(paths.rootfs()) ? "root file system" : "own directory", resolved));
        }
        return resolved.toString();
    }

    /** The real path of the longest existing prefix of {@code path}, with the rest (which has no links) after it. */
    private static Path resolveExisting(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                return real.resolve(existing.relativize(absolute)).normalize();
            } catch (IOException e) {
                existing = existing.getParent(); // missing (or a dangling link): resolve its parent
            }
        }
        return absolute;
    }

    static List<NamespaceSpec> namespaces(PluginConfig config) {
        List<NamespaceSpec> namespaces = new ArrayList<>();
        namespaces.add(NamespaceSpec.fresh("mount"));
        namespaces.add(NamespaceSpec.fresh("uts"));
        if (!config.pidHost()) {
            namespaces.add(NamespaceSpec.fresh("pid"));
        }
        if (!config.ipcHost()) {
            namespaces.add(NamespaceSpec.fresh("ipc"));
        }
        // any other type, bridge too, is a namespace of its own with only lo: dockerd's InitSpec leaves bridge a TODO
        if (!config.network().type().equals("host")) {
            namespaces.add(NamespaceSpec.fresh("network"));
        }
        return namespaces;
    }

    /**
     * With the root {@code rshared}, a bind would join its host source's peer group and what the plugin mounts
     * there would reach the host (over its {@code /etc/resolv.conf}): every mount but the propagated one is
     * {@code rprivate} (the socket directory too: the socket is a file, seen without propagation).
     */
    static List<MountSpec> mounts(PluginConfig config, HostPaths paths, Map<String, String> mountSources) {
        List<MountSpec> mounts = new ArrayList<>();
        mounts.add(new MountSpec(SOCKET_DIR, "bind", paths.socketDir().toString(), List.of("rbind", "rprivate")));
        mounts.add(new MountSpec(LOGGING_DIR, "bind", paths.loggingDir().toString(),
                List.of("rbind", "ro", "rprivate")));
        if (!config.propagatedMount().isEmpty()) {
            mounts.add(new MountSpec(config.propagatedMount(), "bind", paths.propagatedMount().toString(),
                    List.of("rbind", "rw", "rshared")));
        }
        if (!config.network().type().isEmpty()) {
            for (String file : List.of("/etc/hosts", "/etc/resolv.conf")) {
                mounts.add(new MountSpec(file, "bind", file, List.of("rbind", "ro", "rprivate")));
            }
        }
        for (PluginConfig.Mount mount : config.mounts()) {
            String source = mount.name() != null && mountSources.containsKey(mount.name())
                    ? mountSources.get(mount.name()) : mount.source();
            if (source == null || source.isEmpty()) {
                throw EngineException.invalid("plugin mount %s: mount source is not specified",
                        mount.destination());
            }
            if (mount.destination() == null || !mount.destination().startsWith("/")) {
                throw EngineException.invalid("plugin mount %s: the destination must be an absolute path",
                        mount.destination());
            }
            List<String> options = new ArrayList<>(mount.options() == null ? List.of() : mount.options());
            if (options.stream().noneMatch(PROPAGATIONS::contains)) {
                options.add("rprivate");
            }
            String type = mount.type() == null || mount.type().isEmpty()
                    ? (options.contains("bind") || options.contains("rbind") ? "bind" : "none") : mount.type();
            mounts.add(new MountSpec(mount.destination(), type, source, options));
        }
        return mounts;
    }

    static List<DeviceSpec> devices(PluginConfig config, Map<String, String> devicePaths) {
        List<DeviceSpec> devices = new ArrayList<>();
        for (PluginConfig.Device device : config.linux().devices()) {
            String path = device.name() != null && devicePaths.containsKey(device.name())
                    ? devicePaths.get(device.name()) : device.path();
            if (path != null && !path.isEmpty()) {
                devices.add(new DeviceSpec(path, path, "rwm"));
            }
        }
        return devices;
    }
}
