package io.wharf.api.testkit;

import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginCallException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A legacy plugin for adapter tests: answers each method with a scripted JSON (or status) and records what it was
 * sent. Its name and types are given; a method not scripted answers {@code {}}.
 */
public final class ScriptedPlugin implements LegacyPlugin {
    public final Map<String, String> answers = new HashMap<>();
    public final Map<String, Integer> statuses = new HashMap<>();
    public final List<String> calls = new ArrayList<>();
    private final String name;
    private final List<String> types;
    private final List<Runnable> goneActions = new ArrayList<>();
    private boolean gone;

    public ScriptedPlugin(String name, String... types) {
        this.name = name;
        this.types = List.of(types);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> implementedTypes() {
        return types;
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

    /** As a managed plugin's: run by {@link #retire}, or at once when it is already retired. */
    @Override
    public void whenGone(Runnable action) {
        if (gone) {
            action.run();
        } else {
            goneActions.add(action);
        }
    }

    /** The plugin goes, as a managed plugin disabled or removed: its whenGone actions run, once. */
    public void retire() {
        gone = true;
        List<Runnable> actions = List.copyOf(goneActions);
        goneActions.clear();
        actions.forEach(Runnable::run);
    }

    /** The methods called, without their bodies. */
    public List<String> methods() {
        return calls.stream().map(c -> c.substring(0, c.indexOf(' '))).toList();
    }

    /** The body of the last call of that method. */
    public String last(String method) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).startsWith(method + " ")) {
                return calls.get(i).substring(method.length() + 1);
            }
        }
        return null;
    }
}
