package io.wharf.registry.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.api.registry.SearchQuery;
import io.wharf.support.Filters;
import java.util.Set;

/** The query of GET /images/search (term, limit, filters) as the typed query, with dockerd's refusals. */
final class SearchParameters {
    private static final Set<String> FILTERS = Set.of("is-automated", "is-official", "stars");

    private SearchParameters() {
    }

    static SearchQuery parse(String term, String limit, String filtersJson) {
        int max = 0;
        if (limit != null && !limit.isEmpty()) {
            try {
                max = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid limit specified: strconv.Atoi: parsing \"%s\": invalid syntax",
                        limit);
            }
            if (max < 0) {
                throw EngineException.invalid("invalid limit specified");
            }
        }
        Filters filters = Filters.parse(filtersJson);
        filters.validate(FILTERS);
        int stars = 0;
        for (String value : filters.get("stars")) {
            try {
                stars = Math.max(stars, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid filter 'stars=%s'", value);
            }
        }
        Boolean automated = filters.bool("is-automated");
        return new SearchQuery(term, max, filters.bool("is-official"), stars, Boolean.TRUE.equals(automated));
    }
}
