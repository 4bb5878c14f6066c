package io.wharf.volumes.rest;

import io.wharf.support.Filters;
import io.wharf.support.QueryValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The filters of {@code POST /volumes/prune} as the client's API version means them. */
final class VolumePruneFilters {
    /** The API version from which prune removes only anonymous volumes unless {@code all=true}. */
    static final String ANONYMOUS_ONLY_SINCE = "1.42";

    private VolumePruneFilters() {
    }

    /**
     * The query's filters, with {@code all=true} added for clients older than 1.42, which expect every unused
     * volume to go, as prune did before (like dockerd, an explicit {@code all} then counts twice and is refused).
     */
    static Map<String, List<String>> forVersion(String filtersJson, String apiVersion) {
        Map<String, List<String>> parsed = new LinkedHashMap<>(Filters.parse(filtersJson).asMap());
        if (QueryValues.apiVersionBefore(apiVersion, ANONYMOUS_ONLY_SINCE)) {
            List<String> all = new ArrayList<>(parsed.getOrDefault("all", List.of()));
            all.add("true");
            parsed.put("all", all);
        }
        return parsed;
    }
}
