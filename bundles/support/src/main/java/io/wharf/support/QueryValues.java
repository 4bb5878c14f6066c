package io.wharf.support;

import java.util.Locale;

/** Query parameters and API versions read the way dockerd's httputils and API router read them. */
public final class QueryValues {
    private QueryValues() {
    }

    /** httputils.BoolValue: anything but absent, empty, 0, no, false and none is true. */
    public static boolean bool(String value) {
        if (value == null) {
            return false;
        }
        String s = value.strip().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** A boolean that defaults to true when the parameter is absent or empty (commit's pause). */
    public static boolean boolDefaultTrue(String value) {
        return value == null || value.isEmpty() || bool(value);
    }

    /**
     * Whether an API version such as 1.41 is older than another, compared numerically; a missing version counts
     * as the current one (not older), a part that is not a number as 0.
     */
    public static boolean apiVersionBefore(String version, String than) {
        if (version == null || version.isEmpty()) {
            return false;
        }
        String[] a = version.split("\\.");
        String[] b = than.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? number(a[i]) : 0;
            int y = i < b.length ? number(b[i]) : 0;
            if (x != y) {
                return x < y;
            }
        }
        return false;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
