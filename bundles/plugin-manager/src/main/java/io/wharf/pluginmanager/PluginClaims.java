package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import java.util.HashSet;
import java.util.Set;

/**
 * The plugins whose container or bundle is being started or stopped outside the manager's lock (a plugin's socket
 * or drivers awaited, its container's exit): while one is claimed, no other change of it begins, and the other
 * plugins are not held up by its wait.
 */
final class PluginClaims {
    private final Set<String> claimed = new HashSet<>();

    /** Claims the plugin {@code id}; CONFLICT when an operation on it is under way. */
    synchronized void claim(String id, String name) {
        refuseClaimed(id, name);
        claimed.add(id);
    }

    synchronized void release(String id) {
        claimed.remove(id);
    }

    synchronized void refuseClaimed(String id, String name) {
        if (claimed.contains(id)) {
            throw EngineException.conflict("plugin %s is busy: another operation on it is under way", name);
        }
    }
}
