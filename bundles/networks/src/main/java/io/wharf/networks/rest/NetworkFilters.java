package io.wharf.networks.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.NetworkInfo;
import io.wharf.networks.core.NetworkDetails;
import io.wharf.support.Filters;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code filters} of docker network ls and docker network prune, with dockerd's matching rules. */
final class NetworkFilters {
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "driver", "id", "label", "name", "scope",
            "type");
    private static final Set<String> PRUNE_FILTERS = Set.of("until", "label", "label!");

    private NetworkFilters() {
    }

    static List<NetworkDetails> list(List<NetworkDetails> all, String json) {
        Filters f = Filters.parse(json);
        f.validate(LIST_FILTERS);
        Boolean dangling = dangling(f);
        List<String> types = f.get("type");
        for (String t : types) {
            if (!t.equals("builtin") && !t.equals("custom")) {
                throw EngineException.invalid("invalid filter: 'type'='%s'", t);
            }
        }
        List<NetworkDetails> out = new ArrayList<>();
        for (NetworkDetails d : all) {
            NetworkInfo n = d.info();
            boolean inUse = !d.endpoints().isEmpty();
            if (f.has("driver") && !f.get("driver").contains(n.driver())
                    || f.has("name") && !matches(f.get("name"), n.name())
                    || f.has("id") && !matches(f.get("id"), n.id())
                    || f.has("label") && !Filters.matchLabels(f.get("label"), n.labels())
                    || f.has("scope") && !f.get("scope").contains(n.scope())) {
                continue;
            }
            if (dangling != null && (dangling ? n.predefined() || inUse : !n.predefined() && !inUse)) {
                continue;
            }
            if (!types.isEmpty() && !(types.contains("builtin") && n.predefined()
                    || types.contains("custom") && !n.predefined())) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    /** Which networks docker network prune may remove (it never removes predefined or used ones anyway). */
    static Predicate<NetworkInfo> prune(String json, Instant now) {
        Filters f = Filters.parse(json);
        f.validate(PRUNE_FILTERS);
        Long until = null;
        if (f.has("until")) {
            if (f.get("until").size() > 1) {
                throw EngineException.invalid("more than one until filter specified");
            }
            until = Times.epochNanos(Times.parseTimestamp(f.get("until").get(0), now));
        }
        Long before = until;
        return n -> {
            if (before != null && (n.created() == null || Times.epochNanos(n.created()) >= before)) {
                return false;
            }
            if (f.has("label") && !Filters.matchLabels(f.get("label"), n.labels())) {
                return false;
            }
            return !(f.has("label!") && Filters.matchLabels(f.get("label!"), n.labels()));
        };
    }

    private static Boolean dangling(Filters f) {
        List<String> values = f.get("dangling");
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw EngineException.invalid("got more than one value for filter key \"dangling\"");
        }
        return switch (values.get(0)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw EngineException.invalid(
                    "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
        };
    }

    /** dockerd's Args.Match: an exact match, or any value read as a regular expression found in the text. */
    static boolean matches(List<String> values, String text) {
        for (String v : values) {
            if (v.equals(text)) {
                return true;
            }
            try {
                if (Pattern.compile(v).matcher(text).find()) {
                    return true;
                }
            } catch (PatternSyntaxException ignored) {
                // dockerd skips values that are not valid expressions
            }
        }
        return false;
    }
}
