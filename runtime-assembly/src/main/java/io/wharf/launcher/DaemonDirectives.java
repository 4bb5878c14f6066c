package io.wharf.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link DaemonOptions} checks beyond a key's JSON kind: dockerd's keys that Wharf does not support (refused
 * by name, distinct from keys no daemon knows), and the values of accepted keys that Wharf can only honour in part.
 */
final class DaemonDirectives {
    /**
     * dockerd's daemon.json keys (Linux) that Wharf refuses. A key that gets implemented moves from here to
     * {@link DaemonOptions#KEYS}; the test checks the two stay apart.
     */
    static final Set<String> DOCKERD_ONLY = Set.of(
            "allow-direct-routing", "allow-nondistributable-artifacts", "bip6", "bridge-accept-fwmark", "builder",
            "cdi-spec-dirs", "cluster-advertise", "cluster-store", "cluster-store-opts", "containerd",
            "containerd-namespace", "containerd-plugins-namespace", "cpu-rt-period", "cpu-rt-runtime",
            "default-gateway", "default-gateway-v6", "default-ipc-mode", "default-network-opts", "firewall-backend",
            "host-gateway-ip", "host-gateway-ips", "init", "init-path", "ip6tables", "ip-forward-no-drop",
            "min-api-version", "network-control-plane-mp-timeout", "node-generic-resources", "oom-score-adjust",
            "raw-logs", "selinux-enabled", "swarm-default-advertise-addr", "userns-remap");

    /** daemon.json proxies' keys to the registry configuration's properties. */
    static final Map<String, String> PROXY_PROPERTIES = Map.of("http-proxy", "httpProxy", "https-proxy",
            "httpsProxy", "no-proxy", "noProxy");

    /** Why some of {@link #DOCKERD_ONLY} cannot simply be added, for the error message. */
    private static final Map<String, String> REASONS = Map.of(
            "userns-remap", "Wharf runs containers in the host's user namespace",
            "selinux-enabled", "Wharf applies SELinux labels whenever the host enforces SELinux");

    private static final Pattern SIZE = Pattern.compile("(?i)^(\\d+(?:\\.\\d+)?)\\s*([kmgtp])?(i?b)?$");

    private DaemonDirectives() {
    }

    /** Refuses dockerd keys Wharf does not support; {@code keys} are the file's keys that are not Wharf's own. */
    static void refuseUnsupported(Path file, Set<String> keys) {
        TreeSet<String> unsupported = new TreeSet<>(keys);
        unsupported.retainAll(DOCKERD_ONLY);
        if (unsupported.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("the following directives are not supported by Wharf: ")
                .append(String.join(", ", unsupported)).append(" (in ").append(file).append(")");
        for (String key : unsupported) {
            if (REASONS.containsKey(key)) {
                message.append("; ").append(key).append(": ").append(REASONS.get(key));
            }
        }
        throw new IllegalArgumentException(message.toString());
    }

    /** Checks the values of accepted keys that Wharf honours only in part, as dockerd checks them at start. */
    static void checkValues(Map<String, Object> values) {
        if (values.get("exec-opts") instanceof List<?> opts) {
            opts.forEach(o -> checkExecOpt(String.valueOf(o)));
        }
        if (values.get("features") instanceof Map<?, ?> features) {
            features.forEach((name, on) -> {
                if (Boolean.TRUE.equals(on)) {
                    throw new IllegalArgumentException("invalid features: \"" + name + "\" cannot be enabled: "
                            + (name.equals("buildkit") ? "Wharf has only the classic builder"
                            : "Wharf does not have this feature"));
                }
            });
        }
        if (values.get("default-cgroupns-mode") instanceof String mode && !mode.equals("private")
                && !mode.equals("host")) {
            throw new IllegalArgumentException("default cgroup namespace mode (" + mode + ") is invalid: "
                    + "use \"host\" or \"private\"");
        }
        if (values.get("default-shm-size") instanceof String size) {
            ramInBytes("default-shm-size", size);
        }
        if (values.get("seccomp-profile") instanceof String profile && !profile.isEmpty()
                && !profile.equals("unconfined") && !profile.equals("builtin")) {
            checkSeccompProfile(profile);
        }
        if (values.get("ip") instanceof String ip
                && !ip.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
            throw new IllegalArgumentException("invalid ip: " + ip + " is not an IPv4 address");
        }
        if (values.get("shutdown-timeout") instanceof Long seconds && seconds < -1) {
            throw new IllegalArgumentException("invalid shutdown-timeout: " + seconds + " (-1 waits without limit)");
        }
        if (values.get("max-download-attempts") instanceof Long attempts && attempts < 1) {
            throw new IllegalArgumentException("invalid max download attempts: " + attempts);
        }
        if (values.get("proxies") instanceof Map<?, ?> proxies) {
            proxies.forEach((key, value) -> {
                if (!PROXY_PROPERTIES.containsKey(key) || !(value instanceof String)) {
                    throw new IllegalArgumentException("invalid proxies entry \"" + key + "\": expected "
                            + "http-proxy, https-proxy or no-proxy with a string value");
                }
            });
        }
        if (values.get("default-ulimits") instanceof Map<?, ?> ulimits) {
            ulimits.forEach((name, limit) -> ulimit(String.valueOf(name), limit));
        }
    }

    /** As dockerd at start: the profile must be a readable JSON object, not only at each container's create. */
    private static void checkSeccompProfile(String profile) {
        try (JsonParser parser = new JsonFactory().createParser(Files.readString(Path.of(profile)))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("decoding seccomp profile (" + profile + ") failed: not a JSON "
                        + "object");
            }
            parser.skipChildren();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("opening seccomp profile (" + profile + ") failed: " + e);
        }
    }

    /** dockerd's only exec-opt on Linux is the cgroup driver; Wharf drives cgroupfs itself. */
    private static void checkExecOpt(String opt) {
        int eq = opt.indexOf('=');
        String key = eq < 0 ? opt : opt.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : opt.substring(eq + 1).trim();
        if (!key.equals("native.cgroupdriver")) {
            throw new IllegalArgumentException("invalid exec-opt (" + opt + "): unknown option " + key);
        }
        if (!value.equals("cgroupfs")) {
            throw new IllegalArgumentException("invalid exec-opt (" + opt + "): Wharf manages container cgroups "
                    + "with cgroupfs only (native.cgroupdriver=cgroupfs); the systemd driver needs systemd as PID 1 "
                    + "and is not supported");
        }
    }

    /** docker's units.RAMInBytes: a number with an optional binary unit (k, m, g, t, p, with b or ib). */
    static long ramInBytes(String key, String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid " + key + ": invalid size: '" + text + "'");
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(2, shift);
        if (bytes <= 0 || bytes > Long.MAX_VALUE) {
            throw new IllegalArgumentException("invalid " + key + ": size out of range: '" + text + "'");
        }
        return (long) bytes;
    }

    /**
     * One default-ulimits entry as dockerd's {@code --default-ulimit} writes it, {@code name=soft:hard}, after
     * dockerd's checks.
     */
    static String ulimit(String name, Object limit) {
        if (!(limit instanceof Map<?, ?> m) || !(m.get("Soft") instanceof Long soft)
                || !(m.get("Hard") instanceof Long hard)) {
            throw new IllegalArgumentException("invalid default-ulimits entry \"" + name
                    + "\": expected {\"Name\": ..., \"Soft\": number, \"Hard\": number}");
        }
        if (m.get("Name") != null && !name.equals(m.get("Name"))) {
            throw new IllegalArgumentException("invalid default-ulimits entry \"" + name + "\": its Name is "
                    + m.get("Name"));
        }
        if (soft > hard) {
            throw new IllegalArgumentException("invalid default-ulimits entry \"" + name
                    + "\": soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
        }
        return name + "=" + soft + ":" + hard;
    }
}
