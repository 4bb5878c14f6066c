package io.wharf.imagestore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Docker's label filters: {@code key}, {@code key=value}; negated ({@code label!=}) with a leading '!'. */
public final class LabelFilter {
    private LabelFilter() {
    }

    /** True when the labels pass every positive filter and not all of the negated ones match. */
    public static boolean matches(List<String> filters, Map<String, String> labels) {
        if (filters == null || filters.isEmpty()) {
            return true;
        }
        List<String> negated = new ArrayList<>();
        for (String f : filters) {
            if (f.startsWith("!")) {
                negated.add(f.substring(1));
            } else if (!matchesOne(f, labels)) {
                return false;
            }
        }
        return negated.isEmpty() || !negated.stream().allMatch(f -> matchesOne(f, labels));
    }

    static boolean matchesOne(String filter, Map<String, String> labels) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        String value = labels.get(filter.substring(0, eq));
        return value != null && value.equals(filter.substring(eq + 1));
    }
}
