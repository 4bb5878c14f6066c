package io.wharf.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wharf.support.LogDriverOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * wharfd's configuration: dockerd's flags and daemon.json keys. The file is read first, flags override it, and
 * unknown keys or flags are an error. {@link DaemonConfigurations} turns the result into ConfigAdmin
 * configurations.
 */
final class DaemonOptions {
    static final String DEFAULT_CONFIG_FILE = "/etc/wharf/daemon.json";

    enum Kind { STRING, LIST, BOOL, INT, OBJECT, OBJECT_LIST, STRING_MAP }

    /** daemon.json keys Wharf understands, with their JSON kinds. */
    static final Map<String, Kind> KEYS = new LinkedHashMap<>();

    /** Flags (long and short forms) to the key they set. */
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        key("hosts", Kind.LIST, "-H", "--host");
        key("data-root", Kind.STRING, "--data-root");
        key("exec-root", Kind.STRING, "--exec-root");
        key("pidfile", Kind.STRING, "-p", "--pidfile");
        key("storage-driver", Kind.STRING, "-s", "--storage-driver");
        key("storage-opts", Kind.LIST, "--storage-opt");
        key("log-level", Kind.STRING, "-l", "--log-level");
        key("debug", Kind.BOOL, "-D", "--debug");
        key("group", Kind.STRING, "-G", "--group");
        key("tls", Kind.BOOL, "--tls");
        key("tlsverify", Kind.BOOL, "--tlsverify");
        key("tlscacert", Kind.STRING, "--tlscacert");
        key("tlscert", Kind.STRING, "--tlscert");
        key("tlskey", Kind.STRING, "--tlskey");
        key("api-cors-header", Kind.STRING, "--api-cors-header");
        key("registry-mirrors", Kind.LIST, "--registry-mirror");
        key("insecure-registries", Kind.LIST, "--insecure-registry");
        key("max-concurrent-downloads", Kind.INT, "--max-concurrent-downloads");
        key("max-concurrent-uploads", Kind.INT, "--max-concurrent-uploads");
        key("default-runtime", Kind.STRING, "--default-runtime");
        key("runtimes", Kind.OBJECT, "--add-runtime");
        key("bip", Kind.STRING, "--bip");
        key("default-address-pools", Kind.OBJECT_LIST);
        key("bridge", Kind.STRING, "-b", "--bridge");
        key("fixed-cidr", Kind.STRING, "--fixed-cidr");
        key("ipv6", Kind.BOOL, "--ipv6");
        key("fixed-cidr-v6", Kind.STRING, "--fixed-cidr-v6");
        key("mtu", Kind.INT, "--mtu");
        key("iptables", Kind.BOOL, "--iptables");
        key("ip-masq", Kind.BOOL, "--ip-masq");
        key("dns", Kind.LIST, "--dns");
        key("labels", Kind.LIST, "--label");
        key("experimental", Kind.BOOL, "--experimental");
        key("live-restore", Kind.BOOL, "--live-restore");
        key("metrics-addr", Kind.STRING, "--metrics-addr");
        key("log-driver", Kind.STRING, "--log-driver");
        key("log-opts", Kind.STRING_MAP, "--log-opt");
        key("log-format", Kind.STRING, "--log-format");
        key(CompatSocket.KEY, Kind.BOOL);
        key("authorization-plugins", Kind.LIST, "--authorization-plugin");
        // container defaults, applied at create where the request sets none
        key("default-ulimits", Kind.OBJECT);
        key("default-shm-size", Kind.STRING, "--default-shm-size");
        key("default-cgroupns-mode", Kind.STRING, "--default-cgroupns-mode");
        key("cgroup-parent", Kind.STRING, "--cgroup-parent");
        key("no-new-privileges", Kind.BOOL, "--no-new-privileges");
        key("seccomp-profile", Kind.STRING, "--seccomp-profile");
        key("dns-opts", Kind.LIST, "--dns-opt");
        key("dns-search", Kind.LIST, "--dns-search");
        // accepted where Wharf does what they ask already; DaemonDirectives refuses the values it cannot honour
        key("exec-opts", Kind.LIST, "--exec-opt");
        key("features", Kind.OBJECT);
        key("userland-proxy", Kind.BOOL, "--userland-proxy");
        // containers outlive wharfd (dockerd's live-restore): no container is stopped at shutdown, nothing to time
        key("shutdown-timeout", Kind.INT, "--shutdown-timeout");
        key("userland-proxy-path", Kind.STRING, "--userland-proxy-path");
        key("ip-forward", Kind.BOOL, "--ip-forward");
        key("ip", Kind.STRING, "--ip");
        key("icc", Kind.BOOL, "--icc");
        key("max-download-attempts", Kind.INT, "--max-download-attempts");
        key("proxies", Kind.OBJECT);
    }

    private static void key(String name, Kind kind, String... flags) {
        KEYS.put(name, kind);
        for (String f : flags) {
            FLAGS.put(f, name);
        }
    }

    final Map<String, Object> values;
    final boolean showVersion;
    final boolean showHelp;
    /** dockerd's --validate: check the configuration, say so and exit. */
    final boolean validateOnly;

    private DaemonOptions(Map<String, Object> values, boolean showVersion, boolean showHelp, boolean validateOnly) {
        this.values = values;
        this.showVersion = showVersion;
        this.showHelp = showHelp;
        this.validateOnly = validateOnly;
    }

    static DaemonOptions parse(String[] args) throws IOException {
        Map<String, Object> flags = new LinkedHashMap<>();
        String configFile = null;
        boolean version = false;
        boolean help = false;
        boolean validate = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-v", "--version" -> version = true;
                case "-h", "--help" -> help = true;
                case "--validate" -> validate = true;
                case "--config-file" -> configFile = value != null ? value : next(args, ++i, arg);
                default -> {
                    String key = FLAGS.get(arg);
                    if (key == null) {
                        throw new IllegalArgumentException("unknown flag: " + arg);
                    }
                    Kind kind = KEYS.get(key);
                    if (kind == Kind.BOOL) {
                        flags.put(key, value == null || Boolean.parseBoolean(value));
                    } else {
                        String v = value != null ? value : next(args, ++i, arg);
                        addFlag(flags, key, kind, v);
                    }
                }
            }
        }
        Map<String, Object> merged = new LinkedHashMap<>(readConfigFile(configFile));
        merged.putAll(flags);
        if (merged.get("metrics-addr") instanceof String metrics && !metrics.isEmpty()) {
            checkMetricsAddress(metrics);
        }
        checkLogConfig(merged);
        DaemonDirectives.checkValues(merged);
        DaemonOptions options = new DaemonOptions(merged, version, help, validate);
        options.logLevel();
        options.logFormat();
        return options;
    }

    /** The SLF4J level for {@code log-level} (or {@code debug}); dockerd's fatal and panic are errors here. */
    String logLevel() {
        String level = Boolean.TRUE.equals(values.get("debug")) ? "debug" : string("log-level", "info");
        if (level.equals("fatal") || level.equals("panic")) {
            return "error";
        }
        if (!level.matches("trace|debug|info|warn|error")) {
            throw new IllegalArgumentException("unable to parse logging level: " + level + " (log-level)");
        }
        return level;
    }

    /** {@code log-format}: the daemon's own log on stderr as {@code text} (the default) or {@code json}. */
    String logFormat() {
        String format = string("log-format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("invalid log-format: " + format + " (text or json)");
        }
        return format;
    }

    @SuppressWarnings("unchecked")
    private static void addFlag(Map<String, Object> flags, String key, Kind kind, String value) {
        switch (kind) {
            case LIST -> ((List<Object>) flags.computeIfAbsent(key, k -> new ArrayList<>())).add(value);
            case INT -> flags.put(key, parseInt(key, value));
            case OBJECT -> { // --add-runtime name=path
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("invalid --add-runtime " + value + ": expected name=path");
                }
                ((Map<String, Object>) flags.computeIfAbsent(key, k -> new LinkedHashMap<>()))
                        .put(value.substring(0, eq), Map.of("path", value.substring(eq + 1)));
            }
            case STRING_MAP -> { // --log-opt key=value
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("invalid " + key + " " + value + ": expected key=value");
                }
                ((Map<String, Object>) flags.computeIfAbsent(key, k -> new LinkedHashMap<>()))
                        .put(value.substring(0, eq), value.substring(eq + 1));
            }
            default -> flags.put(key, value);
        }
    }

    private static long parseInt(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + value + " is not a number");
        }
    }

    /** As dockerd, wharfd does not start with an endpoint it cannot serve; Wharf serves metrics on loopback only. */
    private static void checkMetricsAddress(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon).replaceAll("^\\[|]$", "") : "";
        if (colon <= 0 || !value.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("invalid metrics-addr " + value + ": expected host:port");
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("invalid metrics-addr " + value + ": unknown host " + host);
        }
        if (!loopback) {
            throw new IllegalArgumentException("refusing metrics-addr " + value
                    + ": the metrics endpoint has no authentication and is served on loopback addresses only");
        }
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("flag needs an argument: " + flag);
        }
        return args[i];
    }

    /** Reads daemon.json; a missing default file is fine, a missing explicit one is not. */
    private static Map<String, Object> readConfigFile(String explicit) throws IOException {
        Path file = Path.of(explicit == null ? DEFAULT_CONFIG_FILE : explicit);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (explicit == null) {
                return Map.of();
            }
            throw new IllegalArgumentException("unable to configure the daemon: config file " + file + " not found");
        }
        Map<String, Object> values;
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("config file " + file + " must hold a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) readValue(parser);
            values = read;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON in config file " + file + ": " + e.getOriginalMessage());
        }
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS.keySet());
        DaemonDirectives.refuseUnsupported(file, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the following directives don't match any configuration option: "
                    + String.join(", ", unknown) + " (in " + file + ")");
        }
        values.forEach((k, v) -> checkKind(file, k, KEYS.get(k), v));
        return values;
    }

    /**
     * dockerd refuses to start with log options its default driver would refuse. A name that is not built in is
     * a log-driver plugin's, which the engine looks up when a container first uses it (the launcher cannot ask
     * plugins); only the daemon's own options are checked for it then.
     */
    @SuppressWarnings("unchecked")
    private static void checkLogConfig(Map<String, Object> values) {
        try {
            LogDriverOptions.parse((String) values.get("log-driver"),
                    (Map<String, String>) values.getOrDefault("log-opts", Map.of()), plugin -> true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to set log opts: " + e.getMessage());
        }
    }

    private static void checkKind(Path file, String key, Kind kind, Object v) {
        boolean ok = switch (kind) {
            case STRING -> v instanceof String;
            case LIST -> v instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
            case BOOL -> v instanceof Boolean;
            case INT -> v instanceof Long;
            case OBJECT -> v instanceof Map;
            case OBJECT_LIST -> v instanceof List<?> l && l.stream().allMatch(Map.class::isInstance);
            case STRING_MAP -> v instanceof Map<?, ?> m && m.values().stream().allMatch(String.class::isInstance);
        };
        if (!ok) {
            throw new IllegalArgumentException("invalid type for \"" + key + "\" in " + file + ": expected "
                    + kind.name().toLowerCase().replace('_', ' '));
        }
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, readValue(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }

    String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    static String usage() {
        return """
                Usage:	wharfd [OPTIONS]

                A container engine that speaks the Docker Engine API.

                Options:
                      --config-file string       Daemon configuration file (default "/etc/wharf/daemon.json")
                      --data-root string         Root directory of persistent state (default "/var/lib/wharf")
                      --exec-root string         Root directory for execution state (default "/run/wharf")
                  -H, --host list                Daemon socket(s) to listen on (default unix:///run/wharf/wharf.sock)
                  -p, --pidfile string           Path to use for the daemon PID file (default "/run/wharf/wharfd.pid")
                  -s, --storage-driver string    Storage driver to use (overlay2, vfs)
                      --storage-opt list         Storage driver options
                  -l, --log-level string         Logging level (debug, info, warn, error) (default "info")
                  -D, --debug                    Enable debug mode
                  -G, --group string             Group for the unix socket (default "docker")
                      --registry-mirror list     Preferred registry mirror
                      --insecure-registry list   Enable insecure registry communication
                      --max-concurrent-downloads int  Max concurrent downloads (default 3)
                      --max-concurrent-uploads int    Max concurrent uploads (default 5)
                      --default-runtime string   Default OCI runtime for containers (default "runc")
                      --add-runtime name=path    Register an additional OCI compatible runtime
                      --bip string               IPv4 address and mask of the default bridge
                      --label list               Set key=value labels to the daemon
                      --log-driver string        Default driver for container logs (default "json-file")
                      --log-opt map              Default log driver options for containers
                      --tls, --tlsverify, --tlscacert, --tlscert, --tlskey   TLS settings
                      --api-cors-header string   Origins whose web pages may use TCP listeners ("*": any)
                      --log-format string        Format of the daemon's own log on stderr (text, json) (default "text")
                      --shutdown-timeout int     Accepted; containers keep running when wharfd stops (default 15)
                      --validate                 Validate the daemon configuration and exit
                  -v, --version                  Print version information and quit
                """;
    }
}
