package io.wharf.storage.overlay;

import java.util.regex.Pattern;

/** Layer IDs become directory names, so only plain names are accepted. */
final class LayerIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private LayerIds() {
    }

    /** Names the driver uses for itself next to the layer directories. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("l", "tmp");

    static String check(String id) {
        if (id == null || !SAFE.matcher(id).matches() || RESERVED.contains(id)) {
            throw new IllegalArgumentException("invalid layer id \"" + id + "\"");
        }
        return id;
    }
}
