package io.wharf.pluginmanager;

/** Where the manager reports what happened to a plugin: {@code docker events}' plugin events, as dockerd's. */
@FunctionalInterface
public interface PluginEvents {
    PluginEvents NONE = (id, name, action) -> { };

    /** {@code action} is one of create, pull, enable, disable, upgrade, push, remove. */
    void log(String pluginId, String name, String action);
}
