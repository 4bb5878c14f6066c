package io.wharf.volumes.service;

import io.wharf.api.errors.EngineException;
import io.wharf.api.volume.Volume;
import io.wharf.support.Filters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's volume filters. Listing takes {@code dangling}, {@code driver}, {@code label} and {@code name}; pruning
 * takes {@code label}, {@code label!} and {@code all}, and without {@code all=true} only considers anonymous
 * volumes (since API 1.42; the REST layer adds {@code all=true} for older clients).
 */
public final class VolumeFilter {
    static final Set<String> LIST_KEYS = Set.of("dangling", "driver", "label", "name");
    static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "all");

    private final Map<String, List<String>> filters;
    private final Boolean dangling;

    private VolumeFilter(Map<String, List<String>> filters, Boolean dangling) {
        this.filters = filters;
        this.dangling = dangling;
    }

    public static VolumeFilter forList(Map<String, List<String>> filters) {
        Map<String, List<String>> f = validated(filters, LIST_KEYS);
        return new VolumeFilter(f, dangling(f.get("dangling")));
    }

    public static VolumeFilter forPrune(Map<String, List<String>> filters) {
        Map<String, List<String>> f = validated(filters, PRUNE_KEYS);
        if (!all(f.remove("all"))) {
            List<String> labels = new ArrayList<>(f.getOrDefault("label", List.of()));
            labels.add(Volume.ANONYMOUS_LABEL);
            f.put("label", labels);
        }
        return new VolumeFilter(f, null);
    }

    /** Whether matching needs to know which volumes are in use. */
    boolean needsUsage() {
        return dangling != null;
    }

    boolean matches(Volume v, boolean inUse) {
        if (dangling != null && dangling == inUse) {
            return false;
        }
        List<String> drivers = filters.get("driver");
        if (drivers != null && !drivers.contains(v.driver())) {
            return false;
        }
        List<String> names = filters.get("name");
        if (names != null && names.stream().noneMatch(n -> nameMatches(n, v.name()))) {
            return false;
        }
        Map<String, String> labels = v.labels() == null ? Map.of() : v.labels();
        if (!matchAllLabels(filters.get("label"), labels)) {
            return false;
        }
        List<String> excluded = filters.get("label!");
        return excluded == null || !matchAllLabels(excluded, labels);
    }

    /** Docker matches names as unanchored regular expressions (so a plain word is a substring). */
    private static boolean nameMatches(String filter, String name) {
        if (filter.equals(name)) {
            return true;
        }
        try {
            return Pattern.compile(filter).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** Docker's MatchKVList: every {@code key} or {@code key=value} must be there; no filter matches all. */
    private static boolean matchAllLabels(List<String> filters, Map<String, String> labels) {
        return filters == null || Filters.matchLabels(filters, labels);
    }

    private static Map<String, List<String>> validated(Map<String, List<String>> filters, Set<String> accepted) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        if (filters == null) {
            return f;
        }
        filters.forEach((key, values) -> {
            if (!accepted.contains(key)) {
                throw EngineException.invalid("invalid filter '%s'", key);
            }
            if (values != null && !values.isEmpty()) {
                f.put(key, List.copyOf(values));
            }
        });
        return f;
    }

    private static Boolean dangling(List<String> values) {
        if (values == null) {
            return null;
        }
        if (values.contains("true") || values.contains("1")) {
            return true;
        }
        if (values.contains("false") || values.contains("0")) {
            return false;
        }
        throw EngineException.invalid("invalid filter 'dangling=%s'", String.join(",", values));
    }

    /** Go's strconv.ParseBool, as dockerd parses the prune filter {@code all}. */
    private static boolean all(List<String> values) {
        if (values == null) {
            return false;
        }
        if (values.size() > 1) {
            throw EngineException.invalid("invalid filter 'all=[%s]': only one value is expected",
                    String.join(" ", values));
        }
        return switch (values.get(0)) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw EngineException.invalid(
                    "invalid filter 'all': strconv.ParseBool: parsing \"%s\": invalid syntax", values.get(0));
        };
    }
}
