package io.wharf.volume.plugins;

import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A plugin that answers each method with a scripted JSON (or status) and records what it was sent. */
final class ScriptedPlugin implements LegacyPlugin {
    final Map<String, String> answers = new HashMap<>();
    final Map<String, Integer> statuses = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public List<String> implementedTypes() {
        return List.of("VolumeDriver");
    }

    @Override
    public byte[] call(String method, byte[] jsonRequest) throws PluginCallException {
        calls.add(method + " " + new String(jsonRequest, StandardCharsets.UTF_8));
        String answer = answers.getOrDefault(method, "{}");
        int status = statuses.getOrDefault(method, 200);
        if (status != 200) {
            throw new PluginCallException(method, status, answer);
        }
        return answer.getBytes(StandardCharsets.UTF_8);
    }
}
