package io.wharf.archive;

import java.util.Set;
import java.util.regex.Pattern;

/** Layer IDs become directory names of a storage driver, so only plain names are accepted. */
public final class LayerIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private LayerIds() {
    }

    /** {@code id}, when it is a plain name and none of the names the driver keeps for itself. */
    public static String check(String id, Set<String> reserved) {
        if (id == null || !SAFE.matcher(id).matches() || reserved.contains(id)) {
            throw new IllegalArgumentException("invalid layer id \"" + id + "\"");
        }
        return id;
    }
}
