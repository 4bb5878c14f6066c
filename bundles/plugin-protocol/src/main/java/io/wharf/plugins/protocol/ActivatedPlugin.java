package io.wharf.plugins.protocol;

import io.wharf.api.plugin.LegacyPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A plugin whose handshake succeeded. A managed plugin's paths are turned into the host's by {@code hostPath}, and
 * it is {@link #retire retired} when the plugin manager stops it.
 */
final class ActivatedPlugin implements LegacyPlugin {
    private final String name;
    private final List<String> implementedTypes;
    private final PluginClient client;
    private final UnaryOperator<String> hostPath;
    private final List<Runnable> goneActions = new ArrayList<>(); // guarded by this
    private boolean gone; // guarded by this

    ActivatedPlugin(String name, List<String> implementedTypes, PluginClient client, UnaryOperator<String> hostPath) {
        this.name = name;
        this.implementedTypes = List.copyOf(implementedTypes);
        this.client = client;
        this.hostPath = hostPath;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> implementedTypes() {
        return implementedTypes;
    }

    @Override
    public byte[] call(String method, byte[] jsonRequest) throws IOException {
        return client.call(method, jsonRequest);
    }

    @Override
    public String hostPath(String pluginPath) {
        return pluginPath == null || pluginPath.isEmpty() ? pluginPath : hostPath.apply(pluginPath);
    }

    @Override
    public void whenGone(Runnable action) {
        synchronized (this) {
            if (!gone) {
                goneActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Runs the whenGone actions, once. */
    void retire() {
        List<Runnable> actions;
        synchronized (this) {
            gone = true;
            actions = List.copyOf(goneActions);
            goneActions.clear();
        }
        actions.forEach(Runnable::run);
    }

    @Override
    public InputStream stream(String method, byte[] jsonRequest) throws IOException {
        return client.stream(method, jsonRequest);
    }

    boolean implementsType(String type) {
        return implementedTypes.contains(type);
    }
}
