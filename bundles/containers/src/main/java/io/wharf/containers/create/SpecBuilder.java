package io.wharf.containers.create;

import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceCgroupRule;
import io.wharf.api.runtime.DeviceSpec;
import io.wharf.api.runtime.MountSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.support.LogDriverOptions;
import io.wharf.support.SecurityModules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Turns a container's stored configuration and what its start resolved into the driver's ContainerSpec. */
public final class SpecBuilder {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    public static final String INIT_PATH = "/sbin/docker-init";

    private SpecBuilder() {
    }

    /**
     * What a start resolved: the mounted root, the user, the engine's files, the namespaces to join (paths such
     * as /proc/PID/ns/net, null for a new one) and the init binary when --init is on.
     */
    /** @param linkEnv the variables of the container's legacy links (moby's linkedEnv), empty without any */
    public record StartContext(Path rootfs, UserResolver.ResolvedUser user, Path hostnameFile, Path hostsFile,
                               Path resolvConfFile, String networkNamespace, String pidNamespace,
                               String ipcNamespace, Path initBinary, Path logPath, List<String> linkEnv) {
    }

    /** @param host the security modules the host enforces (AppArmor profile, SELinux labels) */
    public static ContainerSpec build(ContainerRecord record, HostConfig hc, String runtime, StartContext ctx,
                                      SecurityModules host) {
        ContainerConfigJson config = record.config;
        List<String> args = new ArrayList<>();
        if (ctx.initBinary() != null) {
            args.add(INIT_PATH);
            args.add("--");
        }
        args.add(record.path);
        args.addAll(record.args);
        ProcessSpec process = new ProcessSpec(args, environment(config, ctx.user().home(), ctx.linkEnv()),
                config.workingDir == null || config.workingDir.isEmpty() ? "/" : config.workingDir,
                ctx.user().uid(), ctx.user().gid(), ctx.user().additionalGids(), config.tty, config.openStdin,
                rlimits(hc.ulimits));
        SecurityOptions securityOptions = SecurityOptions.parse(hc.securityOpt);
        // checked at create already; again here, since the host may have changed since (fail closed)
        securityOptions.checkEnforceable(host);
        SelinuxLabels.Labels labels = host.selinux() ? SelinuxLabels.of(securityOptions.labelOptions())
                : SelinuxLabels.Labels.NONE;
        // without a list of its own a confined container gets the default lists: never none by omission
        boolean systemPathsOpen = hc.privileged || securityOptions.unconfinedSystemPaths();
        SecuritySpec security = new SecuritySpec(hc.privileged,
                Capabilities.effective(hc.capAdd, hc.capDrop, hc.privileged), securityOptions.noNewPrivileges(),
                hc.privileged ? SecuritySpec.UNCONFINED : securityOptions.seccompProfile(),
                systemPathsOpen ? List.of() : Objects.requireNonNullElse(hc.maskedPaths,
                        HostConfigValidator.DEFAULT_MASKED_PATHS),
                systemPathsOpen ? List.of() : Objects.requireNonNullElse(hc.readonlyPaths,
                        HostConfigValidator.DEFAULT_READONLY_PATHS),
                securityOptions.effectiveAppArmorProfile(host, hc.privileged), labels.process(), labels.mount());
        return new ContainerSpec(record.id, record.name().substring(1), runtime, ctx.rootfs(), hc.readonlyRootfs,
                process, config.hostname, config.domainname, namespaces(hc, ctx), mounts(record, hc, ctx),
                devices(hc), security, resources(hc), hc.sysctls == null ? Map.of() : Map.copyOf(hc.sysctls),
                ctx.logPath(), annotations(config, hc), deviceCgroupRules(hc));
    }

    /** --device-cgroup-rule, checked when the container was created. */
    static List<DeviceCgroupRule> deviceCgroupRules(HostConfig hc) {
        return hc.deviceCgroupRules == null ? List.of()
                : hc.deviceCgroupRules.stream().map(DeviceCgroupRule::parse).toList();
    }

    /**
     * The user's annotations, plus the Linux driver's marker for StdinOnce (docker run -i): its monitor keeps
     * stdin open across detaches unless told that the first client's EOF is the container's EOF.
     */
    private static Map<String, String> annotations(ContainerConfigJson config, HostConfig hc) {
        Map<String, String> annotations = new java.util.HashMap<>(hc.annotations == null ? Map.of() : hc.annotations);
        if (config.stdinOnce && config.openStdin) {
            annotations.put(STDIN_ONCE_ANNOTATION, "true");
        }
        long logSizeMax = logSizeMax(hc.logConfig);
        if (logSizeMax > 0) {
            annotations.put(LOG_SIZE_MAX_ANNOTATION, Long.toString(logSizeMax));
        }
        return Map.copyOf(annotations);
    }

    /** Where the monitor starts a new log file (see LogRotator); -1 when the file is never rotated. */
    private static long logSizeMax(HostConfig.LogConfig log) {
        try {
            return LogDriverOptions.parse(log.type, log.config, LogDriverOptions::isPlugin).maxSize();
        } catch (IllegalArgumentException e) {
            return -1; // a container created before its options were checked: its log is not rotated
        }
    }

    /** Understood by the Linux execution driver: its monitor's --log-size-max. */
    static final String LOG_SIZE_MAX_ANNOTATION = "io.wharf.log-size-max";

    /** Understood by the Linux execution driver (io.wharf.runtime.linux); other drivers ignore it. */
    static final String STDIN_ONCE_ANNOTATION = "io.wharf.stdin-once";

    /**
     * moby's CreateDaemonEnvironment: PATH, HOSTNAME, TERM and the legacy links' variables, overridden by the
     * container's Env.
     */
    public static List<String> environment(ContainerConfigJson config, String home, List<String> linkEnv) {
        List<String> defaults = new ArrayList<>();
        defaults.add("PATH=" + DEFAULT_PATH);
        defaults.add("HOSTNAME=" + config.hostname);
        if (config.tty) {
            defaults.add("TERM=xterm");
        }
        defaults.addAll(linkEnv);
        List<String> env = ConfigMerger.replaceOrAppend(defaults, config.env);
        if (home != null && env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            env.add("HOME=" + home); // runc adds it too; being explicit keeps exec and run alike
        }
        return env;
    }

    static List<NamespaceSpec> namespaces(HostConfig hc, SpecBuilder.StartContext ctx) {
        List<NamespaceSpec> ns = new ArrayList<>();
        ns.add(NamespaceSpec.fresh("mount"));
        NetworkMode network = NetworkMode.parse(hc.networkMode);
        if (network.kind() != NetworkMode.Kind.HOST && network.kind() != NetworkMode.Kind.CONTAINER) {
            ns.add(NamespaceSpec.fresh("network")); // none, bridge and user networks: plugged in after create
        } else if (network.kind() == NetworkMode.Kind.CONTAINER) {
            ns.add(new NamespaceSpec("network", ctx.networkNamespace()));
        }
        if (!"host".equals(hc.pidMode)) {
            ns.add(new NamespaceSpec("pid", ctx.pidNamespace()));
        }
        if (!"host".equals(hc.ipcMode)) {
            ns.add(new NamespaceSpec("ipc", ctx.ipcNamespace()));
        }
        if (!"host".equals(hc.utsMode)) {
            ns.add(NamespaceSpec.fresh("uts"));
        }
        if (!"host".equals(hc.cgroupnsMode)) {
            ns.add(NamespaceSpec.fresh("cgroup"));
        }
        return ns;
    }

    static List<MountSpec> mounts(ContainerRecord record, HostConfig hc, StartContext ctx) {
        List<MountSpec> mounts = new ArrayList<>();
        List<String> etcOptions = new ArrayList<>(List.of("rbind", "rprivate"));
        if (hc.readonlyRootfs) {
            etcOptions.add("ro");
        }
        java.util.Set<String> userDestinations = new java.util.HashSet<>();
        for (MountPointRecord m : record.mountPoints) {
            userDestinations.add(m.destination);
        }
        if (hc.tmpfs != null) {
            userDestinations.addAll(MountResolver.tmpfsOptions(hc).keySet());
        }
        // The user's own mounts of these files win, as in moby's NetworkMounts.
        addEtc(mounts, userDestinations, "/etc/resolv.conf", ctx.resolvConfFile(), etcOptions);
        addEtc(mounts, userDestinations, "/etc/hostname", ctx.hostnameFile(), etcOptions);
        addEtc(mounts, userDestinations, "/etc/hosts", ctx.hostsFile(), etcOptions);
        // The driver mounts a default 64 MiB /dev/shm; only a different --shm-size needs our own mount.
        if (!userDestinations.contains("/dev/shm") && !"host".equals(hc.ipcMode) && hc.shmSize > 0
                && hc.shmSize != HostConfigValidator.DEFAULT_SHM_SIZE) {
            mounts.add(new MountSpec("/dev/shm", "tmpfs", "shm",
                    List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + hc.shmSize)));
        }
        for (MountPointRecord m : record.mountPoints) {
            mounts.add(new MountSpec(m.destination, m.type, m.type.equals("tmpfs") ? "tmpfs" : m.source,
                    List.copyOf(m.options)));
        }
        MountResolver.tmpfsOptions(hc).forEach((dest, options) ->
                mounts.add(new MountSpec(dest, "tmpfs", "tmpfs", List.copyOf(options))));
        if (ctx.initBinary() != null) {
            mounts.add(new MountSpec(INIT_PATH, "bind", ctx.initBinary().toString(),
                    List.of("bind", "rprivate", "ro")));
        }
        return mounts;
    }

    private static void addEtc(List<MountSpec> mounts, java.util.Set<String> taken, String dest, Path file,
                               List<String> options) {
        if (file != null && !taken.contains(dest)) {
            mounts.add(new MountSpec(dest, "bind", file.toString(), List.copyOf(options)));
        }
    }

    static List<DeviceSpec> devices(HostConfig hc) {
        List<DeviceSpec> devices = new ArrayList<>();
        if (hc.devices == null) {
            return devices;
        }
        for (HostConfig.DeviceMapping d : hc.devices) {
            String inContainer = d.pathInContainer == null || d.pathInContainer.isEmpty() ? d.pathOnHost
                    : d.pathInContainer;
            String perms = d.cgroupPermissions == null || d.cgroupPermissions.isEmpty() ? "rwm"
                    : d.cgroupPermissions;
            devices.add(new DeviceSpec(d.pathOnHost, inContainer, perms));
        }
        return devices;
    }

    public static Resources resources(HostConfig hc) {
        return new Resources(positive(hc.memory), hc.memorySwap == 0 ? null : hc.memorySwap,
                positive(hc.memoryReservation), positive(hc.nanoCpus), positive(hc.cpuShares),
                hc.cpuQuota == 0 ? null : hc.cpuQuota, positive(hc.cpuPeriod), emptyToNull(hc.cpusetCpus),
                emptyToNull(hc.cpusetMems), hc.pidsLimit == null || hc.pidsLimit == 0 ? null : hc.pidsLimit,
                hc.blkioWeight == 0 ? null : hc.blkioWeight);
    }

    static List<ProcessSpec.Rlimit> rlimits(List<HostConfig.Ulimit> ulimits) {
        List<ProcessSpec.Rlimit> result = new ArrayList<>();
        if (ulimits == null) {
            return result;
        }
        Map<String, ProcessSpec.Rlimit> byType = new LinkedHashMap<>();
        for (HostConfig.Ulimit u : ulimits) {
            String type = "RLIMIT_" + u.name.toUpperCase(Locale.ROOT);
            byType.put(type, new ProcessSpec.Rlimit(type, u.soft, u.hard));
        }
        result.addAll(byType.values());
        return result;
    }

    private static Long positive(long v) {
        return v > 0 ? v : null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
