package io.wharf.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's log driver and its {@code --log-opt}s, validated with dockerd's rules and messages (moby's
 * {@code logger.ValidateLogOpts} and the json-file and local drivers' checks), and what they mean for rotation.
 * The launcher checks daemon.json's {@code log-driver}/{@code log-opts} with it, the engine each container's.
 *
 * @param maxSize  bytes a log file may reach before it is rotated, or -1 for no rotation
 * @param maxFile  how many files (the live one included) are kept
 * @param compress whether rotated files are gzipped
 */
public record LogDriverOptions(String driver, long maxSize, int maxFile, boolean compress) {
    public static final String DEFAULT_DRIVER = "json-file";
    /** The drivers a container can name; k8s-file is podman's name for the same file format. */
    public static final Set<String> DRIVERS = Set.of("json-file", "local", "k8s-file", "none", "journald", "syslog");
    /** Drivers that ship each line elsewhere; the file conmon writes is then their local cache (dual logging). */
    public static final Set<String> FORWARDING = Set.of("journald", "syslog");

    /** Accepted by every driver (moby's builtins, the dual-logging cache's among them). */
    private static final Set<String> BUILTIN_OPTS = Set.of("mode", "max-buffer-size", "cache-disabled",
            "cache-max-size", "cache-max-file", "cache-compress");
    private static final Set<String> JOURNALD_OPTS = Set.of("labels", "labels-regex", "env", "env-regex", "tag");
    /** With cache-disabled the file only hands lines to the forwarder: two files of this size bound it. */
    private static final long UNCACHED_SIZE = 1L << 20;
    private static final Set<String> JSON_FILE_OPTS = Set.of("max-file", "max-size", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag");
    private static final Set<String> LOCAL_OPTS = Set.of("max-file", "max-size", "compress");
    /** go-units' RAMInBytes: binary multiples, an optional "i" and "b". */
    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");
    private static final long LOCAL_DEFAULT_SIZE = 20L << 20;
    private static final int LOCAL_DEFAULT_FILES = 5;

    /** Whether files are rotated at all. */
    public boolean rotates() {
        return maxSize > 0;
    }

    /** An empty or null driver is json-file. Throws IllegalArgumentException with dockerd's message. */
    public static LogDriverOptions parse(String driver, Map<String, String> opts) {
        return parse(driver, opts, name -> false);
    }

    /**
     * As {@link #parse(String, Map)}, a name that is not built in being a plugin's when {@code plugin} says so:
     * then only the builtin options are checked (the plugin checks its own when logging starts, as in moby) and
     * the local file is the dual-logging cache, as for journald.
     */
    public static LogDriverOptions parse(String driver, Map<String, String> opts, Predicate<String> plugin) {
        String name = driver == null || driver.isEmpty() ? DEFAULT_DRIVER : driver;
        Map<String, String> o = opts == null ? Map.of() : opts;
        boolean builtin = DRIVERS.contains(name);
        if (!builtin && !plugin.test(name)) {
            throw new IllegalArgumentException("logger: no log driver named '" + name + "' is registered");
        }
        checkMode(o);
        checkCacheDisabled(o);
        if (!builtin) {
            return cache(name, o);
        }
        return switch (name) {
            case "none" -> new LogDriverOptions(name, -1, 1, false);
            case "local" -> local(o);
            case "journald" -> forwarding(name, o, JOURNALD_OPTS);
            case "syslog" -> forwarding(name, o, SyslogOptions.KEYS);
            default -> jsonFile(name, o);
        };
    }

    /**
     * Whether {@code docker logs} can read the engine's copy of the container's log (moby: the local cache). A
     * plugin driver without the cache cannot, unless it reads its logs itself ({@code LogDriver.ReadLogs}), which
     * the containers bundle asks first.
     */
    public static boolean readable(String driver, Map<String, String> opts) {
        boolean withoutCache = "syslog".equals(driver) || isPlugin(driver);
        return !"none".equals(driver) && !(withoutCache && cacheDisabled(opts));
    }

    /** Whether the driver ships lines elsewhere: journald, syslog and any plugin's. */
    public static boolean forwards(String driver) {
        return driver != null && FORWARDING.contains(driver) || isPlugin(driver);
    }

    /** A name that is not built in: a plugin's (create refused the names no plugin has). */
    public static boolean isPlugin(String driver) {
        return driver != null && !driver.isEmpty() && !DRIVERS.contains(driver);
    }

    /**
     * journald and syslog: the driver's keys (the tag template and syslog's address, facility and format checked),
     * and the rotation of the local file, which is the cache of moby's dual logging (its cache-max-size,
     * cache-max-file and cache-compress, read as the local driver reads its own) or small without a cache.
     */
    private static LogDriverOptions forwarding(String name, Map<String, String> o, Set<String> keys) {
        o.keySet().stream().filter(k -> !keys.contains(k) && !BUILTIN_OPTS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown log opt '" + k + "' for " + name + " log driver");
        });
        if (name.equals("syslog")) {
            SyslogOptions.parse(withoutBuiltins(o));
        }
        LogTagTemplate.parse(o.get("tag"));
        return cache(name, o);
    }

    /**
     * The rotation of the dual-logging cache, read as the local driver reads its own options; syslog and plugins
     * without a cache keep a small file that only hands lines to the forwarder (journald can always be read).
     */
    private static LogDriverOptions cache(String name, Map<String, String> o) {
        if (cacheDisabled(o) && !name.equals("journald")) {
            return new LogDriverOptions(name, UNCACHED_SIZE, 2, false);
        }
        Map<String, String> cache = new LinkedHashMap<>();
        for (String k : List.of("max-size", "max-file", "compress")) {
            if (o.containsKey("cache-" + k)) {
                cache.put(k, o.get("cache-" + k));
            }
        }
        LogDriverOptions local = local(cache);
        // local's 0 (unlimited) is no bound at all for a file nobody reads but docker logs: keep Docker's default
        return local.rotates() ? new LogDriverOptions(name, local.maxSize, local.maxFile, local.compress)
                : new LogDriverOptions(name, LOCAL_DEFAULT_SIZE, LOCAL_DEFAULT_FILES, true);
    }

    private static Map<String, String> withoutBuiltins(Map<String, String> o) {
        Map<String, String> rest = new LinkedHashMap<>(o);
        rest.keySet().removeAll(BUILTIN_OPTS);
        return rest;
    }

    private static boolean cacheDisabled(Map<String, String> o) {
        String v = o == null ? null : o.get("cache-disabled");
        return v != null && !v.isEmpty() && parseBool(v);
    }

    /** moby's validateLogCacheOpts. */
    private static void checkCacheDisabled(Map<String, String> o) {
        String v = o.get("cache-disabled");
        if (v != null && !v.isEmpty()) {
            try {
                parseBool(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value for option cache-disabled: " + v);
            }
        }
    }

    /**
     * The daemon's defaults applied to a container's configuration as moby's mergeAndVerifyLogConfig does: no type
     * takes the daemon's, and the daemon's options fill in those a container of the daemon's type does not set.
     */
    public static Map.Entry<String, Map<String, String>> merge(String type, Map<String, String> opts,
                                                               String daemonType, Map<String, String> daemonOpts) {
        String t = type == null || type.isEmpty() ? daemonType : type;
        Map<String, String> merged = new LinkedHashMap<>(opts == null ? Map.of() : opts);
        if (t.equals(daemonType)) {
            daemonOpts.forEach(merged::putIfAbsent);
        }
        return Map.entry(t, merged);
    }

    private static void checkMode(Map<String, String> o) {
        String mode = o.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw new IllegalArgumentException("logger: logger log mode not recognized: " + mode);
        }
        String buffer = o.get("max-buffer-size");
        if (buffer != null) {
            if (!mode.equals("non-blocking")) {
                throw new IllegalArgumentException(
                        "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
            }
            ramInBytes(buffer);
        }
    }

    private static LogDriverOptions jsonFile(String name, Map<String, String> o) {
        o.keySet().stream().filter(k -> !JSON_FILE_OPTS.contains(k) && !BUILTIN_OPTS.contains(k)).findFirst()
                .ifPresent(k -> {
                    throw new IllegalArgumentException("unknown log opt '" + k + "' for json-file log driver");
                });
        long maxSize = -1;
        if (o.containsKey("max-size")) {
            maxSize = ramInBytes(o.get("max-size"));
            if (maxSize <= 0) {
                throw new IllegalArgumentException("max-size must be a positive number");
            }
        }
        int maxFile = 1;
        if (o.containsKey("max-file")) {
            maxFile = atoi(o.get("max-file"));
            if (maxFile < 1) {
                throw new IllegalArgumentException("max-file cannot be less than 1");
            }
        }
        boolean compress = o.containsKey("compress") && parseBool(o.get("compress"));
        if (compress && (maxFile == 1 || maxSize == -1)) {
            throw new IllegalArgumentException(
                    "compress cannot be true when max-file is less than 2 or max-size is not set");
        }
        return new LogDriverOptions(name, maxSize, maxFile, compress);
    }

    private static LogDriverOptions local(Map<String, String> o) {
        o.keySet().stream().filter(k -> !LOCAL_OPTS.contains(k) && !BUILTIN_OPTS.contains(k)).findFirst()
                .ifPresent(k -> {
                    throw new IllegalArgumentException("unknown log opt '" + k + "' for log driver local");
                });
        long maxSize = LOCAL_DEFAULT_SIZE;
        int maxFile = LOCAL_DEFAULT_FILES;
        boolean compress = true;
        try {
            if (o.containsKey("max-size")) {
                maxSize = ramInBytes(o.get("max-size"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("error parsing max-size: " + e.getMessage());
        }
        try {
            if (o.containsKey("max-file")) {
                maxFile = atoi(o.get("max-file"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("error parsing max-file: " + e.getMessage());
        }
        try {
            if (o.containsKey("compress")) {
                compress = parseBool(o.get("compress"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("error parsing compress: " + e.getMessage());
        }
        if (maxFile < 0) {
            throw new IllegalArgumentException("max file count cannot be less than 0");
        }
        if (compress && maxFile <= 1) {
            throw new IllegalArgumentException("compression cannot be enabled when max file count is 1");
        }
        // local's max-size 0 means unlimited, and so does max-file 0
        return maxSize == 0 || maxFile == 0 ? new LogDriverOptions("local", -1, 1, false)
                : new LogDriverOptions("local", maxSize, maxFile, compress);
    }

    /** go-units' RAMInBytes, with its message for what it cannot read. */
    static long ramInBytes(String s) {
        Matcher m = SIZE.matcher(s == null ? "" : s);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size: '" + s + "'");
        }
        double size = Double.parseDouble(m.group(1));
        String unit = m.group(3) == null ? "" : m.group(3).toLowerCase();
        int shift = "kmgtp".indexOf(unit.isEmpty() ? 'x' : unit.charAt(0));
        return (long) (size * (shift < 0 ? 1 : Math.pow(1024, shift + 1)));
    }

    private static int atoi(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
        }
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
        };
    }
}
