package io.wharf.launcher;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's configuration (daemon.json keys, flags on top, as {@link DaemonOptions} validated them) as
 * ConfigAdmin configurations: one dictionary per concern, keyed by PID, with the property names of the
 * {@code @ObjectClassDefinition} types the consuming bundles declare. Every PID is present, even when empty, so
 * that components which require their configuration start with the defaults those types give.
 */
final class DaemonConfigurations {
    static final String DAEMON = "io.wharf.daemon";
    static final String API = "io.wharf.api";
    static final String STORAGE = "io.wharf.storage";
    static final String NETWORK = "io.wharf.network";
    static final String REGISTRY = "io.wharf.registry";
    static final String RUNTIME = "io.wharf.runtime";
    static final String ENGINE = "io.wharf.engine";
    /** Published only when metrics-addr is set: without it the metrics component stays inactive (no port). */
    static final String METRICS = "io.wharf.metrics";
    /** The API's listener when daemon.json names none (ApiConfiguration's default). */
    static final String DEFAULT_HOST = "unix:///run/wharf/wharf.sock";
    static final String PLUGINS = "io.wharf.plugins";
    /**
     * Where legacy plugins are looked for, when not dockerd's fixed paths: a sockets directory, and spec
     * directories separated by ':' (dockerd has no flag for them; tests and side-by-side installs need their own).
     */
    static final String SOCKETS_DIR_ENV = "WHARF_PLUGIN_SOCKETS_DIR";
    static final String SPEC_DIRS_ENV = "WHARF_PLUGIN_SPEC_DIRS";
    /** Counts the SIGHUP reloads applied, so the engine sees each one (a 'daemon reload' event). */
    static final String RELOADS = "reloads";

    private record Target(String property, List<String> pids) {
    }

    /** Where each daemon.json key goes; pidfile and log-level are the launcher's own. */
    private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

    static {
        // the paths go to every configuration whose components keep files there
        TARGETS.put("data-root", new Target("dataRoot", List.of(DAEMON, STORAGE, NETWORK, REGISTRY, RUNTIME)));
        TARGETS.put("exec-root", new Target("execRoot", List.of(DAEMON, NETWORK, RUNTIME)));
        target("hosts", API, "hosts");
        target("tls", API, "tls");
        target("tlsverify", API, "tlsVerify");
        target("tlscacert", API, "tlsCaCert");
        target("tlscert", API, "tlsCert");
        target("tlskey", API, "tlsKey");
        target("api-cors-header", API, "apiCorsHeader");
        target("group", API, "group");
        target("storage-driver", STORAGE, "storageDriver");
        target("storage-opts", STORAGE, "storageOpts");
        target("bip", NETWORK, "bip");
        target("default-address-pools", NETWORK, "defaultAddressPools");
        target("bridge", NETWORK, "bridge");
        target("fixed-cidr", NETWORK, "fixedCidr");
        target("ipv6", NETWORK, "ipv6");
        target("fixed-cidr-v6", NETWORK, "fixedCidrV6");
        target("mtu", NETWORK, "mtu");
        target("iptables", NETWORK, "iptables");
        target("ip-masq", NETWORK, "ipMasq");
        target("dns", NETWORK, "dns");
        target("icc", NETWORK, "icc");
        target("ip", NETWORK, "ip");
        target("ip-forward", NETWORK, "ipForward");
        target("registry-mirrors", REGISTRY, "registryMirrors");
        target("insecure-registries", REGISTRY, "insecureRegistries");
        target("max-concurrent-downloads", REGISTRY, "maxConcurrentDownloads");
        target("max-concurrent-uploads", REGISTRY, "maxConcurrentUploads");
        target("max-download-attempts", REGISTRY, "maxDownloadAttempts");
        target("proxies", REGISTRY, "proxies"); // one property per entry, DaemonDirectives.PROXY_PROPERTIES
        target("default-runtime", RUNTIME, "defaultRuntime");
        target("runtimes", RUNTIME, "runtimes");
        target("log-driver", RUNTIME, "logDriver");
        target("log-opts", RUNTIME, "logOpts");
        target("default-ulimits", RUNTIME, "defaultUlimits");
        target("default-shm-size", RUNTIME, "defaultShmSize");
        target("default-cgroupns-mode", RUNTIME, "defaultCgroupnsMode");
        target("cgroup-parent", RUNTIME, "cgroupParent");
        target("no-new-privileges", RUNTIME, "noNewPrivileges");
        target("seccomp-profile", RUNTIME, "seccompProfile");
        target("dns-opts", RUNTIME, "dnsOptions");
        target("dns-search", RUNTIME, "dnsSearch");
        target("labels", ENGINE, "labels");
        target("debug", ENGINE, "debug");
        target("experimental", ENGINE, "experimental");
        target("live-restore", ENGINE, "liveRestore");
        target("metrics-addr", METRICS, "address");
        target("authorization-plugins", PLUGINS, "authorizationPlugins");
    }

    private static void target(String key, String pid, String property) {
        TARGETS.put(key, new Target(property, List.of(pid)));
    }

    private DaemonConfigurations() {
    }

    /** The configurations for these values; {@code reloads} is how many SIGHUP reloads led to them. */
    static Map<String, Hashtable<String, Object>> of(Map<String, Object> values, int reloads) {
        return of(values, reloads, System.getenv());
    }

    static Map<String, Hashtable<String, Object>> of(Map<String, Object> values, int reloads, Map<String, String> env) {
        Map<String, Hashtable<String, Object>> result = new LinkedHashMap<>();
        for (String pid : List.of(DAEMON, API, STORAGE, NETWORK, REGISTRY, RUNTIME, ENGINE, PLUGINS)) {
            result.put(pid, new Hashtable<>());
        }
        String sockets = env.get(SOCKETS_DIR_ENV);
        if (sockets != null && !sockets.isEmpty()) {
            result.get(PLUGINS).put("socketsDir", sockets);
        }
        String specs = env.get(SPEC_DIRS_ENV);
        if (specs != null && !specs.isEmpty()) {
            result.get(PLUGINS).put("specDirs", specs.split(":"));
        }
        result.get(ENGINE).put(RELOADS, reloads);
        if (Boolean.TRUE.equals(values.get(CompatSocket.KEY))) {
            putCompatSocket(result.get(API), values.get("hosts"));
        }
        values.forEach((key, value) -> {
            if (key.equals("hosts") && result.get(API).containsKey("hosts")) {
                return; // already with the compatibility socket
            }
            Target target = TARGETS.get(key);
            if (target == null || value == null) {
                return;
            }
            for (String pid : target.pids()) {
                Hashtable<String, Object> properties = result.computeIfAbsent(pid, p -> new Hashtable<>());
                switch (key) {
                    case "runtimes" -> putRuntimes(properties, asMap(value));
                    case "default-address-pools" -> properties.put(target.property(), addressPools((List<?>) value));
                    case "log-opts" -> properties.put(target.property(), asMap(value).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
                    case "default-ulimits" -> properties.put(target.property(), asMap(value).entrySet().stream()
                            .map(e -> DaemonDirectives.ulimit(e.getKey(), e.getValue())).toArray(String[]::new));
                    case "proxies" -> asMap(value).forEach((entry, proxy) ->
                            properties.put(DaemonDirectives.PROXY_PROPERTIES.get(entry), proxy));
                    case "default-shm-size" -> properties.put(target.property(),
                            DaemonDirectives.ramInBytes(key, (String) value));
                    default -> properties.put(target.property(), property(value));
                }
            }
        });
        return result;
    }

    /** The configured listeners (or the default one) and Docker's default path, see {@link CompatSocket}. */
    private static void putCompatSocket(Hashtable<String, Object> api, Object hosts) {
        List<String> all = new ArrayList<>();
        if (hosts instanceof List<?> list && !list.isEmpty()) {
            list.forEach(h -> all.add(String.valueOf(h)));
        } else {
            all.add(DEFAULT_HOST);
        }
        all.add("unix://" + CompatSocket.PATH);
        api.put("hosts", all.toArray(String[]::new));
    }

    /** ConfigAdmin's types: strings, Integer and Boolean, and String arrays for lists. */
    private static Object property(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toArray(String[]::new);
        }
        if (value instanceof Long l) {
            return Math.toIntExact(l);
        }
        return value;
    }

    /** {@code name=path} per runtime and {@code name=argument} per runtimeArgs entry, in order. */
    private static void putRuntimes(Hashtable<String, Object> properties, Map<String, Object> runtimes) {
        List<String> paths = new ArrayList<>();
        List<String> args = new ArrayList<>();
        runtimes.forEach((name, definition) -> {
            Map<String, Object> d = asMap(definition);
            paths.add(name + "=" + (d.get("path") == null ? "" : d.get("path")));
            if (d.get("runtimeArgs") instanceof List<?> list) {
                list.forEach(arg -> args.add(name + "=" + arg));
            }
        });
        properties.put("runtimes", paths.toArray(String[]::new));
        properties.put("runtimeArgs", args.toArray(String[]::new));
    }

    /** As dockerd's --default-address-pool flag writes a pool: {@code base=10.10.0.0/16,size=24}. */
    private static String[] addressPools(List<?> pools) {
        return pools.stream().map(DaemonConfigurations::asMap)
                .map(p -> "base=" + p.get("base") + ",size=" + (p.get("size") == null ? 0 : p.get("size")))
                .toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }
}
