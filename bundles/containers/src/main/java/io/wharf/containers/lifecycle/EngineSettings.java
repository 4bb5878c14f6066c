package io.wharf.containers.lifecycle;

import io.wharf.containers.create.ContainerDefaults;
import io.wharf.support.LogDriverOptions;
import io.wharf.support.SecurityModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Host facts and daemon settings the lifecycle needs.
 *
 * @param initBinary      tini, bound at /sbin/docker-init for --init; null when the host has none
 * @param securityModules the LSMs the host enforces (AppArmor, SELinux)
 * @param logDriver       daemon.json log-driver: the driver of containers that name none
 * @param logOpts         daemon.json log-opts: defaults for containers of that driver
 * @param defaults        the daemon's defaults for what a create request leaves unset
 */
public record EngineSettings(String defaultRuntime, Path hostResolvConf, Path hostHosts, Path initBinary,
                             int onlineCpus, String hostHostname, SecurityModules securityModules,
                             String logDriver, Map<String, String> logOpts, ContainerDefaults defaults) {

    public EngineSettings(String defaultRuntime, Path hostResolvConf, Path hostHosts, Path initBinary,
                          int onlineCpus, String hostHostname, SecurityModules securityModules) {
        this(defaultRuntime, hostResolvConf, hostHosts, initBinary, onlineCpus, hostHostname, securityModules,
                LogDriverOptions.DEFAULT_DRIVER, Map.of(), ContainerDefaults.NONE);
    }

    public EngineSettings withDefaults(ContainerDefaults containerDefaults) {
        return new EngineSettings(defaultRuntime, hostResolvConf, hostHosts, initBinary, onlineCpus, hostHostname,
                securityModules, logDriver, logOpts, containerDefaults);
    }

    /** A host without security modules. */
    public EngineSettings(String defaultRuntime, Path hostResolvConf, Path hostHosts, Path initBinary,
                          int onlineCpus, String hostHostname) {
        this(defaultRuntime, hostResolvConf, hostHosts, initBinary, onlineCpus, hostHostname, SecurityModules.NONE);
    }

    /** This host, with the daemon's runtime and log defaults. */
    public static EngineSettings forHost(String defaultRuntime, String logDriver, Map<String, String> logOpts) {
        Path init = null;
        for (String candidate : List.of("/usr/bin/tini-static", "/usr/bin/tini", "/usr/local/bin/tini",
                "/usr/bin/docker-init")) {
            if (Files.isExecutable(Path.of(candidate))) {
                init = Path.of(candidate);
                break;
            }
        }
        Path resolv = Path.of("/etc/resolv.conf");
        // systemd-resolved's stub (127.0.0.53) is useless in a container; its upstream list is not
        Path upstream = Path.of("/run/systemd/resolve/resolv.conf");
        if (Files.isRegularFile(upstream)) {
            resolv = upstream;
        }
        String hostname;
        try {
            try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/kernel/hostname"))) {
                hostname = r.readLine().trim(); // procfs sizes are not to be trusted: read a line
            }
        } catch (Exception e) {
            hostname = "localhost";
        }
        return new EngineSettings(defaultRuntime, resolv, Path.of("/etc/hosts"), init,
                Runtime.getRuntime().availableProcessors(), hostname, SecurityModules.detect(), logDriver, logOpts,
                ContainerDefaults.NONE);
    }
}
