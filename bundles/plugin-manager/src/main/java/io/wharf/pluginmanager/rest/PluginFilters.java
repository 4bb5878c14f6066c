package io.wharf.pluginmanager.rest;

import io.wharf.api.plugin.manager.Plugin;
import io.wharf.pluginmanager.PluginConfigs;
import io.wharf.support.Filters;
import java.util.List;
import java.util.Set;

/** GET /plugins' filters: {@code capability} (any of the values) and {@code enabled} (the spec also says enable). */
final class PluginFilters {
    private PluginFilters() {
    }

    static List<Plugin> apply(Filters filters, List<Plugin> plugins) {
        filters.validate(Set.of("capability", "enabled", "enable"));
        Boolean enabled = filters.bool("enabled") != null ? filters.bool("enabled") : filters.bool("enable");
        List<String> capabilities = filters.get("capability");
        return plugins.stream()
                .filter(p -> enabled == null || p.enabled() == enabled)
                .filter(p -> capabilities.isEmpty() || p.config().pluginInterface().types().stream()
                        .map(PluginConfigs::capability).anyMatch(capabilities::contains))
                .toList();
    }
}
