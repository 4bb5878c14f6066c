package io.wharf.containerfiles.rest;

import java.util.Locale;

/** Query parameters read the way dockerd's httputils reads them. */
final class QueryValues {
    private QueryValues() {
    }

    /** httputils.BoolValue: anything but empty, 0, no, false and none is true. */
    static boolean bool(String value) {
        if (value == null) {
            return false;
        }
        String s = value.strip().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** A boolean that defaults to true when the parameter is absent or empty (commit's pause). */
    static boolean boolDefaultTrue(String value) {
        return value == null || value.isEmpty() || bool(value);
    }
}
