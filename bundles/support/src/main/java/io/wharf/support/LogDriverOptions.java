package io.wharf.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
    public static final Set<String> DRIVERS = Set.of("json-file", "local", "k8s-file", "none");

    private static final Set<String> BUILTIN_OPTS = Set.of("mode", "max-buffer-size");
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
        String name = driver == null || driver.isEmpty() ? DEFAULT_DRIVER : driver;
        Map<String, String> o = opts == null ? Map.of() : opts;
        if (!DRIVERS.contains(name)) {
            throw new IllegalArgumentException("logger: no log driver named '" + name + "' is registered");
        }
        checkMode(o);
        return switch (name) {
            case "none" -> new LogDriverOptions(name, -1, 1, false);
            case "local" -> local(o);
            default -> jsonFile(name, o);
        };
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
