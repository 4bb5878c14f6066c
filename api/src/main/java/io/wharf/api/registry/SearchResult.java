package io.wharf.api.registry;

/** One repository found by docker search, as a registry's v1 search API describes it. */
public record SearchResult(String name, String description, int starCount, boolean official, boolean automated) {
}
