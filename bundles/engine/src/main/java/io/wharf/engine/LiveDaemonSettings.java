package io.wharf.engine;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The daemon configuration with SIGHUP reloads applied: a reload takes the reloadable keys from the new
 * configuration and reports the other keys that changed, which keep their startup values until a restart.
 */
final class LiveDaemonSettings implements DaemonSettings {
    /** What a reload did: the keys it changed and the changed keys it left for a restart. */
    record Reload(DaemonConfig config, List<String> applied, List<String> needRestart) {
    }

    private final Map<String, Object> startup;
    private volatile Map<String, Object> values;
    private volatile DaemonConfig current;
    private final List<Consumer<DaemonConfig>> listeners = new CopyOnWriteArrayList<>();

    LiveDaemonSettings(Map<String, Object> startup) {
        this.startup = Map.copyOf(startup);
        this.values = startup;
        this.current = DaemonConfigReader.fromMap(startup);
    }

    @Override
    public DaemonConfig current() {
        return current;
    }

    @Override
    public AutoCloseable onReload(Consumer<DaemonConfig> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Applies the configuration the launcher read again (already validated against the known keys). */
    synchronized Reload reload(String json) throws IOException {
        Map<String, Object> fresh = DaemonConfigReader.parse(json);
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
        DaemonConfig config = DaemonConfigReader.fromMap(merged);
        values = merged;
        current = config;
        for (Consumer<DaemonConfig> l : listeners) {
            l.accept(config);
        }
        return new Reload(config, applied, needRestart);
    }
}
