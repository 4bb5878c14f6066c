package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.DeviceCgroupRule;
import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.support.Signals;
import io.wharf.support.LogDriverOptions;
import io.wharf.support.SecurityModules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a create (or update) request as moby's verifyContainerSettings and verifyPlatformContainerResources do,
 * with their messages, and fills the defaults dockerd fills. Returns warnings for the response.
 */
public final class HostConfigValidator {
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    public static final List<String> DEFAULT_MASKED_PATHS = List.of("/proc/asound", "/proc/acpi",
            "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    public static final List<String> DEFAULT_READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");
    private static final Set<String> NAMESPACED_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb",
            "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
            "kernel.domainname", "kernel.hostname");
    private static final Set<String> ULIMITS = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private final int onlineCpus;
    private final List<String> runtimes;
    private final String defaultRuntime;
    private final SecurityModules securityModules;
    private final String defaultLogDriver;
    private final Map<String, String> defaultLogOpts;
    private final Predicate<String> pluginLogDriver;

    public HostConfigValidator(int onlineCpus, List<String> runtimes, String defaultRuntime,
                               SecurityModules securityModules) {
        this(onlineCpus, runtimes, defaultRuntime, securityModules, LogDriverOptions.DEFAULT_DRIVER, Map.of());
    }

    /** @param defaultLogDriver daemon.json log-driver, {@code defaultLogOpts} its log-opts */
    public HostConfigValidator(int onlineCpus, List<String> runtimes, String defaultRuntime,
                               SecurityModules securityModules, String defaultLogDriver,
                               Map<String, String> defaultLogOpts) {
        this(onlineCpus, runtimes, defaultRuntime, securityModules, defaultLogDriver, defaultLogOpts, name -> false);
    }

    /** @param pluginLogDriver whether a log-driver plugin has a name the engine does not build in */
    public HostConfigValidator(int onlineCpus, List<String> runtimes, String defaultRuntime,
                               SecurityModules securityModules, String defaultLogDriver,
                               Map<String, String> defaultLogOpts, Predicate<String> pluginLogDriver) {
        this.pluginLogDriver = pluginLogDriver;
        this.onlineCpus = onlineCpus;
        this.runtimes = runtimes;
        this.defaultRuntime = defaultRuntime;
        this.securityModules = securityModules;
        this.defaultLogDriver = defaultLogDriver;
        this.defaultLogOpts = Map.copyOf(defaultLogOpts);
    }

    /** Validates and normalises; the returned warnings go into the create response. */
    public List<String> validateCreate(ContainerConfigJson config, HostConfig hc) {
        List<String> warnings = new ArrayList<>();
        NetworkMode network = NetworkMode.parse(hc.networkMode);
        validateConfig(config, network, hc);
        validateRestartPolicy(hc.restartPolicy, hc.autoRemove);
        warnings.addAll(validateResources(hc));
        validateModes(hc);
        validateUlimits(hc.ulimits);
        validateSysctls(hc.sysctls, network);
        validateDeviceCgroupRules(hc.deviceCgroupRules);
        Capabilities.normalize(hc.capAdd);
        Capabilities.normalize(hc.capDrop);
        SecurityOptions security = SecurityOptions.parse(hc.securityOpt);
        security.checkEnforceable(securityModules);
        if (hc.oomScoreAdj < -1000 || hc.oomScoreAdj > 1000) {
            throw EngineException.invalid("Invalid value %d, range for oom score adj is [-1000, 1000]",
                    hc.oomScoreAdj);
        }
        if (hc.shmSize < 0) {
            throw EngineException.invalid("SHM size can not be less than 0");
        }
        Map.Entry<String, Map<String, String>> log = logConfig(hc.logConfig);
        if (network.kind() == NetworkMode.Kind.HOST && hc.portBindings != null && !hc.portBindings.isEmpty()) {
            warnings.add("Published ports are discarded when using host network mode");
        }
        if (network.kind() == NetworkMode.Kind.CONTAINER) {
            if (hc.portBindings != null && !hc.portBindings.isEmpty() || hc.publishAllPorts) {
                throw EngineException.invalid("conflicting options: port publishing and the container type "
                        + "network mode");
            }
            if (hc.dns != null && !hc.dns.isEmpty()) {
                throw EngineException.invalid("conflicting options: dns and the network mode");
            }
            if (hc.extraHosts != null && !hc.extraHosts.isEmpty()) {
                throw EngineException.invalid("conflicting options: custom host-to-IP mapping and the network mode");
            }
        }
        if (hc.runtime != null && !hc.runtime.isEmpty() && !runtimes.contains(hc.runtime)) {
            throw EngineException.invalid("unknown or invalid runtime name: %s", hc.runtime);
        }
        if (hc.links != null && !hc.links.isEmpty() && network.kind() == NetworkMode.Kind.HOST) {
            throw EngineException.invalid("conflicting options: host type networking can't be used with links. "
                    + "This would result in undefined behavior");
        }
        applyDefaults(hc, log, security);
        return warnings;
    }

    /** The daemon's log defaults merged in, then checked as dockerd checks them at create. */
    private Map.Entry<String, Map<String, String>> logConfig(HostConfig.LogConfig requested) {
        Map.Entry<String, Map<String, String>> merged = requested == null
                ? LogDriverOptions.merge("", Map.of(), defaultLogDriver, defaultLogOpts)
                : LogDriverOptions.merge(requested.type, requested.config, defaultLogDriver, defaultLogOpts);
        try {
            LogDriverOptions.parse(merged.getKey(), merged.getValue(), pluginLogDriver);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("%s", e.getMessage());
        }
        return merged;
    }

    private void applyDefaults(HostConfig hc, Map.Entry<String, Map<String, String>> log,
                               SecurityOptions security) {
        if (hc.shmSize == 0) {
            hc.shmSize = DEFAULT_SHM_SIZE;
        }
        if (hc.runtime == null || hc.runtime.isEmpty()) {
            hc.runtime = defaultRuntime;
        }
        if (hc.logConfig == null) {
            hc.logConfig = new HostConfig.LogConfig();
        }
        hc.logConfig.type = log.getKey();
        hc.logConfig.config = Map.copyOf(log.getValue());
        if (hc.ipcMode == null || hc.ipcMode.isEmpty()) {
            hc.ipcMode = "private";
        }
        if (hc.cgroupnsMode == null || hc.cgroupnsMode.isEmpty()) {
            hc.cgroupnsMode = "private";
        }
        if (hc.restartPolicy == null) {
            hc.restartPolicy = new HostConfig.RestartPolicy();
        }
        if (hc.restartPolicy.name == null || hc.restartPolicy.name.isEmpty()) {
            hc.restartPolicy.name = "no";
        }
        if (hc.privileged || security.unconfinedSystemPaths()) {
            hc.maskedPaths = hc.maskedPaths == null ? null : List.of();
            hc.readonlyPaths = hc.readonlyPaths == null ? null : List.of();
        } else {
            if (hc.maskedPaths == null) {
                hc.maskedPaths = DEFAULT_MASKED_PATHS;
            }
            if (hc.readonlyPaths == null) {
                hc.readonlyPaths = DEFAULT_READONLY_PATHS;
            }
        }
        if (hc.consoleSize == null || hc.consoleSize.length != 2) {
            hc.consoleSize = new int[] {0, 0};
        }
    }

    private static void validateConfig(ContainerConfigJson config, NetworkMode network, HostConfig hc) {
        if (config.workingDir != null && !config.workingDir.isEmpty() && !config.workingDir.startsWith("/")) {
            throw EngineException.invalid("the working directory '%s' is invalid, it needs to be an absolute path",
                    config.workingDir);
        }
        if (network.kind() == NetworkMode.Kind.CONTAINER && config.hostname != null
                && !config.hostname.isEmpty()) {
            throw EngineException.invalid("conflicting options: hostname and the network mode");
        }
        if (config.hostname != null && config.hostname.length() > 64) {
            throw EngineException.invalid("invalid hostname format: %s", config.hostname);
        }
        if (config.stopSignal != null && !config.stopSignal.isEmpty()) {
            Signals.parse(config.stopSignal);
        }
        if (config.stopTimeout != null && config.stopTimeout < -1) {
            throw EngineException.invalid("invalid stop timeout: %d", config.stopTimeout);
        }
        validateHealthcheck(config.healthcheck);
    }

    static void validateHealthcheck(Healthcheck h) {
        if (h == null) {
            return;
        }
        checkDuration(h.interval(), "Interval");
        checkDuration(h.timeout(), "Timeout");
        checkDuration(h.startPeriod(), "StartPeriod");
        checkDuration(h.startInterval(), "StartInterval");
        if (h.retries() != null && h.retries() < 0) {
            throw EngineException.invalid("Retries in Healthcheck cannot be negative");
        }
        if (h.test() != null && !h.test().isEmpty()) {
            String kind = h.test().get(0);
            if (!Set.of("NONE", "CMD", "CMD-SHELL").contains(kind)) {
                throw EngineException.invalid("unknown healthcheck type: %s", kind);
            }
        }
    }

    private static void checkDuration(Long nanos, String name) {
        if (nanos != null && nanos != 0 && nanos < 1_000_000) {
            throw EngineException.invalid("%s in Healthcheck cannot be less than 1ms", name);
        }
    }

    public static void validateRestartPolicy(HostConfig.RestartPolicy p, boolean autoRemove) {
        if (p == null) {
            return;
        }
        String name = p.name == null ? "" : p.name;
        switch (name) {
            case "", "no", "always", "unless-stopped" -> {
                if (p.maximumRetryCount != 0) {
                    throw EngineException.invalid("invalid restart policy: maximum retry count can only be used "
                            + "with 'on-failure'");
                }
            }
            case "on-failure" -> {
                if (p.maximumRetryCount < 0) {
                    throw EngineException.invalid("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            default -> throw EngineException.invalid("invalid restart policy: unknown policy '%s'; use one of "
                    + "'no', 'always', 'on-failure', or 'unless-stopped'", name);
        }
        if (autoRemove && !p.isNone()) {
            throw EngineException.invalid("can't create 'AutoRemove' container with restart policy");
        }
    }

    /** Resource limits, shared by create and update. */
    public List<String> validateResources(HostConfig hc) {
        List<String> warnings = new ArrayList<>();
        if (hc.memory != 0 && hc.memory < MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (hc.memory > 0 && hc.memorySwap > 0 && hc.memorySwap < hc.memory) {
            throw EngineException.invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (hc.memory == 0 && hc.memorySwap > 0) {
            throw EngineException.invalid("You should always set the Memory limit when using Memoryswap limit, "
                    + "see usage");
        }
        if (hc.memorySwappiness != null && hc.memorySwappiness != -1
                && (hc.memorySwappiness < 0 || hc.memorySwappiness > 100)) {
            throw EngineException.invalid("Invalid value: %d, valid memory swappiness range is 0-100",
                    hc.memorySwappiness);
        }
        if (hc.memoryReservation != 0 && hc.memoryReservation < MIN_MEMORY) {
            throw EngineException.invalid("Minimum memory reservation allowed is 6MB");
        }
        if (hc.memory > 0 && hc.memoryReservation > 0 && hc.memory < hc.memoryReservation) {
            throw EngineException.invalid("Minimum memory limit can not be less than memory reservation limit, "
                    + "see usage");
        }
        if (hc.nanoCpus > 0 && hc.cpuPeriod > 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (hc.nanoCpus > 0 && hc.cpuQuota > 0) {
            throw EngineException.invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (hc.nanoCpus < 0 || hc.nanoCpus > (long) onlineCpus * 1_000_000_000L) {
            throw EngineException.invalid("Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs "
                    + "available", onlineCpus, onlineCpus);
        }
        if (hc.cpuShares < 0) {
            throw EngineException.invalid("shares: invalid argument");
        }
        if (hc.cpuPeriod != 0 && (hc.cpuPeriod < 1000 || hc.cpuPeriod > 1_000_000)) {
            throw EngineException.invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s "
                    + "(i.e. 1000000)");
        }
        if (hc.cpuQuota > 0 && hc.cpuQuota < 1000) {
            throw EngineException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (hc.blkioWeight > 0 && (hc.blkioWeight < 10 || hc.blkioWeight > 1000)) {
            throw EngineException.invalid("Range of blkio weight is from 10 to 1000");
        }
        if (hc.pidsLimit != null && hc.pidsLimit < 0 && hc.pidsLimit != -1) {
            hc.pidsLimit = -1L; // moby normalises any negative value to "unlimited"
        }
        if (hc.cpusetCpus != null && !hc.cpusetCpus.isEmpty() && !hc.cpusetCpus.matches("[0-9,\\-]+")) {
            throw EngineException.invalid("Invalid value %s for cpuset cpus", hc.cpusetCpus);
        }
        if (hc.cpusetMems != null && !hc.cpusetMems.isEmpty() && !hc.cpusetMems.matches("[0-9,\\-]+")) {
            throw EngineException.invalid("Invalid value %s for cpuset mems", hc.cpusetMems);
        }
        return warnings;
    }

    private static void validateModes(HostConfig hc) {
        String ipc = hc.ipcMode == null ? "" : hc.ipcMode;
        if (!(ipc.isEmpty() || Set.of("private", "shareable", "host", "none").contains(ipc)
                || ipc.startsWith("container:") && ipc.length() > "container:".length())) {
            throw EngineException.invalid("invalid IPC mode: %s", ipc);
        }
        String pid = hc.pidMode == null ? "" : hc.pidMode;
        if (!(pid.isEmpty() || pid.equals("host") || pid.startsWith("container:") && pid.length() > 10)) {
            throw EngineException.invalid("invalid PID mode: %s", pid);
        }
        String uts = hc.utsMode == null ? "" : hc.utsMode;
        if (!(uts.isEmpty() || uts.equals("host"))) {
            throw EngineException.invalid("invalid UTS mode: %s", uts);
        }
        String cgroupns = hc.cgroupnsMode == null ? "" : hc.cgroupnsMode;
        if (!(cgroupns.isEmpty() || cgroupns.equals("private") || cgroupns.equals("host"))) {
            throw EngineException.invalid("invalid cgroup namespace mode: %s", cgroupns);
        }
        if (hc.usernsMode != null && !hc.usernsMode.isEmpty() && !hc.usernsMode.equals("host")) {
            throw EngineException.invalid("invalid USER mode: %s", hc.usernsMode);
        }
    }

    private static void validateDeviceCgroupRules(List<String> rules) {
        for (String rule : rules == null ? List.<String>of() : rules) {
            try {
                DeviceCgroupRule.parse(rule);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid("%s", e.getMessage());
            }
        }
    }

    private static void validateUlimits(List<HostConfig.Ulimit> ulimits) {
        if (ulimits == null) {
            return;
        }
        for (HostConfig.Ulimit u : ulimits) {
            if (u.name == null || !ULIMITS.contains(u.name)) {
                throw EngineException.invalid("invalid ulimit type: %s", u.name);
            }
            if (u.soft > u.hard && u.hard >= 0) {
                throw EngineException.invalid("ulimit soft limit must be less than or equal to hard limit: %d > %d",
                        u.soft, u.hard);
            }
        }
    }

    private static void validateSysctls(Map<String, String> sysctls, NetworkMode network) {
        if (sysctls == null) {
            return;
        }
        for (String key : sysctls.keySet()) {
            if (NAMESPACED_SYSCTLS.contains(key) || key.startsWith("fs.mqueue.")) {
                continue;
            }
            if (key.startsWith("net.")) {
                if (network.kind() == NetworkMode.Kind.HOST) {
                    throw EngineException.invalid("sysctl '%s' not allowed in host network namespace", key);
                }
                continue;
            }
            throw EngineException.invalid("sysctl '%s' is not allowed", key);
        }
    }
}
