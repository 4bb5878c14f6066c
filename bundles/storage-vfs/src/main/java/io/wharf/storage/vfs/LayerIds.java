package io.wharf.storage.vfs;

import java.util.regex.Pattern;

/** Layer IDs become directory names, so only plain names are accepted. */
final class LayerIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private LayerIds() {
    }

    static String check(String id) {
        if (id == null || !SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid layer id \"" + id + "\"");
        }
        return id;
    }
}
