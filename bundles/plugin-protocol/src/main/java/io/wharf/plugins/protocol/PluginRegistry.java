package io.wharf.plugins.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.plugin.PluginSockets;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy plugins activated so far, as dockerd's plugin storage: a name is looked up and its
 * {@code Plugin.Activate} handshake made the first time it is asked for; a failed handshake is not kept, so the
 * next use tries again. Managed plugins are registered by the plugin manager with their socket and found first.
 */
public class PluginRegistry implements LegacyPlugins, PluginSockets, AutoCloseable {
    static final String ACTIVATE = "Plugin.Activate";
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PluginDiscovery discovery;
    private final RetryBackoff backoff;
    private final PluginHttp http;
    private final Map<String, ActivatedPlugin> active = new ConcurrentHashMap<>();
    private final Map<String, Object> activationLocks = new ConcurrentHashMap<>();
    private static final String LATEST = ":latest";
    private final Map<String, ActivatedPlugin> managed = new ConcurrentHashMap<>();
    private final ExecutorService scans = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wharf-plugin-activate");
        t.setDaemon(true);
        return t;
    });

    public PluginRegistry(PluginDiscovery discovery, RetryBackoff backoff) throws IOException {
        this.discovery = discovery;
        this.backoff = backoff;
        this.http = new PluginHttp();
    }

    @Override
    public LegacyPlugin get(String name, String type) throws IOException {
        ActivatedPlugin plugin = managed.get(managedName(name));
        if (plugin == null) {
            plugin = activate(name);
        }
        if (!plugin.implementsType(type)) {
            throw EngineException.notFound("plugin \"%s\" not found: it does not implement %s", name, type);
        }
        return plugin;
    }

    @Override
    public List<LegacyPlugin> getAll(String type) {
        List<String> names;
        try {
            names = discovery.scan();
        } catch (IOException e) {
            LOG.warn("cannot look for plugins: {}", e.getMessage());
            return List.of();
        }
        // at once, as dockerd: one plugin that does not answer holds the others up for its retries only
        List<CompletableFuture<Optional<ActivatedPlugin>>> pending = new ArrayList<>();
        for (String name : names) {
            pending.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Optional.of(activate(name));
                } catch (IOException | RuntimeException e) {
                    LOG.error("plugin {}: {}", name, e.getMessage());
                    return Optional.empty();
                }
            }, scans));
        }
        List<LegacyPlugin> result = new ArrayList<>();
        managed.values().stream().filter(plugin -> plugin.implementsType(type)).forEach(result::add);
        for (CompletableFuture<Optional<ActivatedPlugin>> p : pending) {
            p.join().filter(plugin -> plugin.implementsType(type)).ifPresent(result::add);
        }
        return result;
    }

    private ActivatedPlugin activate(String name) throws IOException {
        ActivatedPlugin known = active.get(name);
        if (known != null) {
            return known;
        }
        synchronized (activationLocks.computeIfAbsent(name, n -> new Object())) {
            known = active.get(name);
            if (known != null) {
                return known;
            }
            PluginAddress address = discovery.find(name).orElseThrow(
                    () -> EngineException.notFound("plugin \"%s\" not found", name));
            PluginClient client = new PluginClient(http.clientFor(address), address, backoff);
            ActivatedPlugin plugin = new ActivatedPlugin(name, handshake(client), client, UnaryOperator.identity());
            active.put(name, plugin);
            LOG.info("plugin {} at {} activated: implements {}", name, address.address(), plugin.implementedTypes());
            return plugin;
        }
    }

    /** A managed plugin is registered without {@code :latest}; dockerd finds it by either name. */
    private static String managedName(String name) {
        return name != null && name.endsWith(LATEST) ? name.substring(0, name.length() - LATEST.length()) : name;
    }

    @Override
    public LegacyPlugin register(String name, Path socket, UnaryOperator<String> hostPath) throws IOException {
        PluginAddress address = new PluginAddress(name, URI.create("unix://" + socket.toAbsolutePath()), null);
        PluginClient client = new PluginClient(http.clientFor(address), address, backoff);
        ActivatedPlugin plugin = new ActivatedPlugin(name, handshake(client), client, hostPath);
        ActivatedPlugin replaced = managed.put(name, plugin);
        if (replaced != null) {
            replaced.retire();
        }
        LOG.info("managed plugin {} at {} activated: implements {}", name, socket, plugin.implementedTypes());
        return plugin;
    }

    @Override
    public void unregister(String name) {
        ActivatedPlugin plugin = managed.remove(name);
        if (plugin != null) {
            plugin.retire();
        }
    }

    /** {@code Plugin.Activate}: the answer's {@code Implements} list. */
    static List<String> handshake(PluginClient client) throws IOException {
        JsonNode answer;
        try {
            answer = JSON.readTree(client.call(ACTIVATE, new byte[0]));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(ACTIVATE + ": the plugin's answer is not JSON: " + e.getOriginalMessage(), e);
        }
        List<String> types = new ArrayList<>();
        if (answer != null) {
            answer.path("Implements").forEach(t -> types.add(t.asText()));
        }
        return List.copyOf(types);
    }

    @Override
    public void close() {
        scans.shutdownNow();
        http.close();
    }
}
