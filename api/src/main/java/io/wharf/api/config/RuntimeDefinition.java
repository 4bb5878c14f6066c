package io.wharf.api.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OCI runtime as Docker's {@code runtimes} key describes it. */
public record RuntimeDefinition(String path, List<String> runtimeArgs) {

    /**
     * The runtimes of the {@code io.wharf.runtime} configuration, in order: its {@code name=path} entries, with each
     * {@code name=argument} entry of its {@code runtimeArgs} appended to its runtime (null when it has none).
     */
    public static Map<String, RuntimeDefinition> allOf(String[] runtimes, String[] runtimeArgs) {
        Map<String, List<String>> args = new LinkedHashMap<>();
        for (String entry : runtimeArgs) {
            args.computeIfAbsent(name(entry), n -> new ArrayList<>()).add(value(entry));
        }
        Map<String, RuntimeDefinition> result = new LinkedHashMap<>();
        for (String entry : runtimes) {
            List<String> own = args.get(name(entry));
            result.put(name(entry), new RuntimeDefinition(value(entry), own == null ? null : List.copyOf(own)));
        }
        return result;
    }

    private static String name(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    private static String value(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? "" : entry.substring(eq + 1);
    }
}
