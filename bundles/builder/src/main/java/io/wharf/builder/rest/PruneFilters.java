package io.wharf.builder.rest;

import io.wharf.api.build.BuildCachePruneOptions;
import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.errors.EngineException;
import io.wharf.support.Filters;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * POST /build/prune's parameters as dockerd reads them: {@code until} (a timestamp or a Go duration before now)
 * or its older synonym {@code unused-for}, one value, never both; the record filters {@code id} (a part of it),
 * {@code parent}, {@code type}, {@code description} (exact), {@code inuse}, {@code shared}, {@code private};
 * {@code label} and {@code label!} (which {@code docker system prune --filter} passes on) accepted and, as by
 * dockerd, not applied; other keys rejected.
 */
final class PruneFilters {
    private static final Set<String> KEYS = Set.of("until", "unused-for", "id", "parent", "type", "description",
            "inuse", "shared", "private", "label", "label!");

    private PruneFilters() {
    }

    static BuildCachePruneOptions options(boolean all, long keepStorage, String filtersJson, Instant now) {
        if (keepStorage < 0) {
            throw EngineException.invalid("invalid keep-storage: %d is negative", keepStorage);
        }
        Filters filters = Filters.parse(filtersJson);
        filters.validate(KEYS);
        if (filters.has("until") && filters.has("unused-for")) {
            throw EngineException.invalid("conflicting filters \"until\" and \"unused-for\"");
        }
        String key = filters.has("unused-for") ? "unused-for" : "until";
        List<String> bound = filters.get(key);
        if (bound.size() > 1) {
            throw EngineException.invalid("filters expect only one value");
        }
        Instant unusedBefore = bound.isEmpty() ? null : Times.parseTimestamp(bound.get(0), now);
        Predicate<BuildCacheRecord> match = r -> true;
        for (String id : filters.get("id")) {
            match = match.and(r -> r.id().contains(id));
        }
        for (String parent : filters.get("parent")) {
            match = match.and(r -> r.parents().contains(parent));
        }
        for (String type : filters.get("type")) {
            match = match.and(r -> r.type().equals(type));
        }
        for (String description : filters.get("description")) {
            match = match.and(r -> r.description().equals(description));
        }
        match = flag(filters, "inuse", match, BuildCacheRecord::inUse);
        match = flag(filters, "shared", match, BuildCacheRecord::shared);
        match = flag(filters, "private", match, r -> !r.shared());
        return new BuildCachePruneOptions(all, keepStorage, unusedBefore, match);
    }

    /** A flag filter given bare ({@code shared}) or with a boolean value. */
    private static Predicate<BuildCacheRecord> flag(Filters filters, String key, Predicate<BuildCacheRecord> match,
                                                    Predicate<BuildCacheRecord> property) {
        if (!filters.contains(key)) {
            return match;
        }
        Boolean wanted = filters.has(key) ? filters.bool(key) : Boolean.TRUE;
        return match.and(r -> property.test(r) == wanted);
    }
}
