package io.wharf.plugins.protocol;

import io.wharf.api.plugin.LegacyPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A plugin whose handshake succeeded. */
record ActivatedPlugin(String name, List<String> implementedTypes, PluginClient client) implements LegacyPlugin {
    @Override
    public byte[] call(String method, byte[] jsonRequest) throws IOException {
        return client.call(method, jsonRequest);
    }

    @Override
    public InputStream stream(String method, byte[] jsonRequest) throws IOException {
        return client.stream(method, jsonRequest);
    }

    boolean implementsType(String type) {
        return implementedTypes.contains(type);
    }
}
