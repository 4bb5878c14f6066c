package io.wharf.registry.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.registry.SearchResult;

/** One item of GET /images/search's answer (ImageSearchResponseItem), in the registry API's snake case. */
public record SearchResponseItem(@JsonProperty("name") String name,
                                 @JsonProperty("description") String description,
                                 @JsonProperty("star_count") int starCount,
                                 @JsonProperty("is_official") boolean official,
                                 @JsonProperty("is_automated") boolean automated) {
    static SearchResponseItem from(SearchResult r) {
        return new SearchResponseItem(r.name(), r.description(), r.starCount(), r.official(), r.automated());
    }
}
