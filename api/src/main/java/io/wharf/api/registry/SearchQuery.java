package io.wharf.api.registry;

/**
 * What docker search asks for: {@code term} may start with a registry ({@code localhost:5000/busy}; without
 * one it is Docker Hub's), {@code limit} 0 means the default of 25, and the filters {@code is-official}
 * ({@code official}, null for either), {@code stars} (at least {@code minStars}) and the deprecated
 * {@code is-automated} ({@code automated}: true finds nothing, as Docker no longer trusts that field).
 */
public record SearchQuery(String term, int limit, Boolean official, int minStars, boolean automated) {
    public static SearchQuery of(String term) {
        return new SearchQuery(term, 0, null, 0, false);
    }
}
