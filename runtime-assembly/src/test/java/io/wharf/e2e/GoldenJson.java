package io.wharf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Golden-file support for WireGoldenIT: replaces the values that differ from run to run (IDs, times, PIDs, sizes,
 * addresses, the daemon's private paths) with placeholders of the same JSON type, keeping keys, nesting, types and
 * every stable value, and compares two trees field by field.
 */
final class GoldenJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Numbers whose value depends on the moment, the machine or the file system, wherever they appear. */
    private static final Set<String> VOLATILE_NUMBERS = Set.of("Created", "Pid", "Size", "SizeRw", "SizeRootFs",
            "VirtualSize", "LayersSize", "SharedSize", "SpaceReclaimed", "time", "timeNano", "NCPU", "MemTotal",
            "NFd", "NGoroutines", "NEventsListener", "Reclaimable", "TotalSize");
    /** Strings that describe the host or the build rather than the daemon's answer; KEY@/path: top level there. */
    private static final Set<String> VOLATILE_STRINGS = Set.of("KernelVersion", "OperatingSystem", "OSVersion",
            "Name@/info", "GitCommit", "BuildTime", "SystemTime", "ID@/info", "GoVersion");

    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
    /** Docker's human durations ("Up 4 seconds", "Exited (3) About a minute ago"). */
    private static final Pattern DURATION = Pattern.compile(
            "Less than a second|About an? (minute|hour)|\\d+ (second|minute|hour|day|week|month|year)s?");
    private static final Pattern PROC_PID = Pattern.compile("/proc/\\d+/");
    private static final Pattern ID64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID12 = Pattern.compile("(?<![0-9a-zA-Z])[0-9a-f]{12}(?![0-9a-zA-Z])");
    private static final Pattern MAC = Pattern.compile("(?i)(?<![0-9a-f:])([0-9a-f]{2}:){5}[0-9a-f]{2}(?![0-9a-f:])");
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(\\d{1,3}\\.){3}\\d{1,3}(?![0-9.])");
    /** The private default bridge of a test daemon (Wharfd) and the nftables table named after its exec root. */
    private static final Pattern TEST_BRIDGE = Pattern.compile("\\bwt[0-9a-f]{8}\\b|\\bwharf_[0-9a-f]{8}\\b");

    private final Map<String, String> literals = new LinkedHashMap<>();

    /** Replaces every occurrence of {@code value} (a temp path, the host name) with {@code placeholder}. */
    GoldenJson literal(String value, String placeholder) {
        if (value != null && !value.isBlank()) {
            literals.put(value, placeholder);
        }
        return this;
    }

    /** What the golden file keeps of an answer body: its JSON document, or the text when it is not JSON. */
    JsonNode parseBody(String body) {
        try {
            return MAPPER.readTree(body.isEmpty() ? "null" : body);
        } catch (Exception notJson) {
            return TextNode.valueOf(body);
        }
    }

    /** A stream of JSON documents (events) as an array of them. */
    JsonNode parseStream(String body) throws java.io.IOException {
        ArrayNode documents = JsonNodeFactory.instance.arrayNode();
        try (var it = MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(body)) {
            it.forEachRemaining(documents::add);
        }
        return documents;
    }

    /**
     * Normalizes a tree in place and returns it. {@code allNumbers} sets every number to 0 (stats, whose counters
     * all move); {@code context} names the endpoint for keys that are volatile only there (info's Name).
     */
    JsonNode normalize(JsonNode node, String context, boolean allNumbers) {
        return normalize(node, null, null, context, allNumbers);
    }

    private JsonNode normalize(JsonNode node, String key, String parentKey, String context, boolean allNumbers) {
        if (node instanceof ObjectNode object) {
            // field names can be volatile too (a network's Containers are keyed by container ID); sorted, since
            // some answers come from hash maps and a re-recorded file should change only where the answer did
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(text(e.getKey()), normalize(e.getValue(), e.getKey(), key, context, allNumbers));
            }
            ObjectNode normalized = JsonNodeFactory.instance.objectNode();
            normalized.setAll(sorted);
            return normalized;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, normalize(array.get(i), key, parentKey, context, allNumbers));
            }
            return key != null && UNORDERED_ARRAYS.contains(key) ? sorted(array) : array;
        }
        if (node.isNumber() && allNumbers) {
            return IntNode.valueOf(0);
        }
        if (node.isNumber() && VOLATILE_NUMBERS.contains(key)) {
            // keep zero and "unset" (-1) visible: only the magnitude of a real measure varies
            return IntNode.valueOf((int) Math.signum(node.asDouble()));
        }
        if (node.isTextual()) {
            boolean topLevel = parentKey == null;
            if (key != null && (VOLATILE_STRINGS.contains(key)
                    || topLevel && VOLATILE_STRINGS.contains(key + "@" + context)) && !node.asText().isEmpty()) {
                return TextNode.valueOf("<" + key + ">");
            }
            return TextNode.valueOf(text(node.asText()));
        }
        return node;
    }

    /**
     * Arrays whose order means nothing: the docker CLI fills Binds from a Go map (so their order changes from one
     * `docker run` to the next), and dockerd lists Mounts from a map too.
     */
    private static final Set<String> UNORDERED_ARRAYS = Set.of("Binds", "Mounts");

    private static ArrayNode sorted(ArrayNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        items.sort(java.util.Comparator.comparing(JsonNode::toString));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(out::add);
        return out;
    }

    private String text(String s) {
        for (Map.Entry<String, String> l : literals.entrySet()) {
            s = s.replace(l.getKey(), l.getValue());
        }
        s = TIME.matcher(s).replaceAll(m -> m.group().startsWith("0001-01-01T00:00:00") ? m.group() : "<time>");
        s = DURATION.matcher(s).replaceAll("<duration>");
        s = PROC_PID.matcher(s).replaceAll("/proc/<pid>/");
        s = ID64.matcher(s).replaceAll("<id>");
        s = ID12.matcher(s).replaceAll("<short-id>");
        s = MAC.matcher(s).replaceAll("<mac>");
        s = IPV4.matcher(s).replaceAll(m -> m.group().equals("0.0.0.0") || m.group().startsWith("127.")
                ? m.group() : "<ip>");
        return TEST_BRIDGE.matcher(s).replaceAll("<test-bridge>");
    }

    /** The differences between two trees, one line each: path, expected, actual. Empty when they match. */
    static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("$", expected, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            out.add(path + ": " + (expected == null ? "unexpected field, actual " + actual
                    : "missing field, expected " + expected));
        } else if (expected.isObject() && actual.isObject()) {
            Set<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(path + "." + k, expected.get(k), actual.get(k), out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                diff(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + " (" + expected.getNodeType() + "), actual " + actual
                    + " (" + actual.getNodeType() + ")");
        }
    }
}
