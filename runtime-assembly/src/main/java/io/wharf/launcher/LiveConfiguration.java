package io.wharf.launcher;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration the daemon runs with, as dockerd applies a SIGHUP: the reloadable keys take their values
 * from the file read again, every other key keeps its startup value and, if it changed, is reported as needing a
 * restart.
 */
final class LiveConfiguration {
    /** The daemon.json keys that a reload changes; any other change waits for a restart. */
    static final Set<String> RELOADABLE_KEYS = Set.of("labels", "debug", "registry-mirrors", "insecure-registries",
            "live-restore", "experimental", "authorization-plugins");

    /** What a reload did: the configurations now, the keys it changed and the changed keys left for a restart. */
    record Reload(Map<String, Hashtable<String, Object>> configurations, List<String> applied,
                  List<String> needRestart) {
    }

    private final Map<String, Object> startup;
    private Map<String, Object> values;
    private int reloads;

    LiveConfiguration(Map<String, Object> startup) {
        this.startup = Map.copyOf(startup);
        this.values = new LinkedHashMap<>(startup);
    }

    synchronized Map<String, Hashtable<String, Object>> configurations() {
        return DaemonConfigurations.of(values, reloads);
    }

    /** Applies the configuration read again (already validated by {@link DaemonOptions}). */
    synchronized Reload reload(Map<String, Object> fresh) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        List<String> applied = new ArrayList<>();
        List<String> needRestart = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(fresh.keySet());
        keys.addAll(values.keySet());
        for (String key : keys) {
            if (Objects.equals(fresh.get(key), values.get(key))) {
                continue;
            }
            if (RELOADABLE_KEYS.contains(key)) {
                applied.add(key);
                if (fresh.containsKey(key)) {
                    merged.put(key, fresh.get(key));
                } else {
                    merged.remove(key);
                }
            } else if (!Objects.equals(fresh.get(key), startup.get(key))) {
                needRestart.add(key);
            }
        }
        values = merged;
        reloads++;
        return new Reload(DaemonConfigurations.of(values, reloads), applied, needRestart);
    }
}
