package io.wharf.containers.create;

import io.wharf.containers.model.HostConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's container defaults (daemon.json {@code default-ulimits}, {@code default-shm-size},
 * {@code default-cgroupns-mode}, {@code no-new-privileges}, {@code seccomp-profile}, {@code dns-search},
 * {@code dns-opts}), written into a new container's HostConfig where the create request set none, as dockerd
 * gives them to containers that do not ask otherwise.
 *
 * @param shmSize        bytes, 0 for the engine's own default
 * @param cgroupnsMode   {@code private} or {@code host}, empty for the engine's own default
 * @param seccompProfile the profile's JSON, {@code unconfined}, or null for the built-in profile
 */
public record ContainerDefaults(List<HostConfig.Ulimit> ulimits, long shmSize, String cgroupnsMode,
                                boolean noNewPrivileges, String seccompProfile, List<String> dnsSearch,
                                List<String> dnsOptions) {
    public static final ContainerDefaults NONE = new ContainerDefaults(List.of(), 0, "", false, null, List.of(),
            List.of());

    /**
     * From the daemon's configuration: ulimits as {@code name=soft:hard}, the seccomp profile as a file path,
     * {@code unconfined}, or {@code builtin}/empty.
     */
    public static ContainerDefaults of(String[] ulimits, long shmSize, String cgroupnsMode, boolean noNewPrivileges,
                                       String seccompProfile, String[] dnsSearch, String[] dnsOptions)
            throws IOException {
        List<HostConfig.Ulimit> limits = new ArrayList<>();
        for (String spec : ulimits) {
            limits.add(ulimit(spec));
        }
        return new ContainerDefaults(List.copyOf(limits), shmSize, cgroupnsMode, noNewPrivileges,
                profile(seccompProfile), List.of(dnsSearch), List.of(dnsOptions));
    }

    private static String profile(String setting) throws IOException {
        if (setting == null || setting.isEmpty() || setting.equals("builtin")) {
            return null;
        }
        if (setting.equals("unconfined")) {
            return setting;
        }
        return Files.readString(Path.of(setting)); // validated as JSON when a container is created with it
    }

    /** {@code name=soft:hard}, as dockerd's --default-ulimit flag and the launcher write it. */
    static HostConfig.Ulimit ulimit(String spec) {
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':', eq + 1);
        if (eq <= 0 || colon < 0) {
            throw new IllegalArgumentException("invalid default ulimit " + spec + ": expected name=soft:hard");
        }
        HostConfig.Ulimit u = new HostConfig.Ulimit();
        u.name = spec.substring(0, eq);
        u.soft = Long.parseLong(spec.substring(eq + 1, colon));
        u.hard = Long.parseLong(spec.substring(colon + 1));
        return u;
    }

    /** Fills in what the request left unset; the request's own values win, as in dockerd. */
    public void applyTo(HostConfig hc) {
        for (HostConfig.Ulimit d : ulimits) {
            if (hc.ulimits == null || hc.ulimits.stream().noneMatch(u -> d.name.equals(u.name))) {
                hc.ulimits = hc.ulimits == null ? new ArrayList<>() : new ArrayList<>(hc.ulimits);
                hc.ulimits.add(copy(d));
            }
        }
        if (hc.shmSize == 0 && shmSize > 0) {
            hc.shmSize = shmSize;
        }
        if ((hc.cgroupnsMode == null || hc.cgroupnsMode.isEmpty()) && !cgroupnsMode.isEmpty()) {
            hc.cgroupnsMode = cgroupnsMode;
        }
        if (noNewPrivileges && !hasSecurityOpt(hc, "no-new-privileges")) {
            addSecurityOpt(hc, "no-new-privileges=true");
        }
        // a privileged container runs without seccomp whatever the daemon's profile
        if (seccompProfile != null && !hc.privileged && !hasSecurityOpt(hc, "seccomp")) {
            addSecurityOpt(hc, "seccomp=" + seccompProfile);
        }
        if (NetworkMode.parse(hc.networkMode).kind() == NetworkMode.Kind.CONTAINER) {
            return; // its resolv.conf is the other container's
        }
        if ((hc.dnsSearch == null || hc.dnsSearch.isEmpty()) && !dnsSearch.isEmpty()) {
            hc.dnsSearch = new ArrayList<>(dnsSearch);
        }
        if ((hc.dnsOptions == null || hc.dnsOptions.isEmpty()) && !dnsOptions.isEmpty()) {
            hc.dnsOptions = new ArrayList<>(dnsOptions);
        }
    }

    private static boolean hasSecurityOpt(HostConfig hc, String key) {
        return hc.securityOpt != null && hc.securityOpt.stream().anyMatch(o -> o.equals(key)
                || o.startsWith(key + "=") || o.startsWith(key + ":"));
    }

    private static void addSecurityOpt(HostConfig hc, String opt) {
        hc.securityOpt = hc.securityOpt == null ? new ArrayList<>() : new ArrayList<>(hc.securityOpt);
        hc.securityOpt.add(opt);
    }

    private static HostConfig.Ulimit copy(HostConfig.Ulimit d) {
        HostConfig.Ulimit u = new HostConfig.Ulimit();
        u.name = d.name;
        u.soft = d.soft;
        u.hard = d.hard;
        return u;
    }
}
