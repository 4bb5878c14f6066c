package io.wharf.pluginmanager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The framework, reduced to what the manager does: installed locations, their content and state. */
final class FakeBundles implements BundleHost {
    final Map<String, byte[]> content = new HashMap<>();
    final Map<String, Boolean> active = new HashMap<>();
    final Map<String, String> otherDrivers = new HashMap<>(); // "capability/name" -> bundle
    int updates;
    boolean failStart;
    boolean silent; // started bundles register no driver

    @Override
    public void install(String location, Path jar) throws IOException {
        if (!content.containsKey(location)) {
            content.put(location, Files.readAllBytes(jar));
            active.put(location, false);
        }
    }

    @Override
    public void update(String location, Path jar) throws IOException {
        content.put(location, Files.readAllBytes(jar));
        updates++;
    }

    @Override
    public void start(String location) throws IOException {
        if (failStart) {
            throw new IOException("Unable to resolve bundle: missing requirement");
        }
        active.put(location, true);
    }

    @Override
    public void stop(String location) {
        active.put(location, false);
    }

    @Override
    public void uninstall(String location) {
        content.remove(location);
        active.remove(location);
    }

    @Override
    public Set<String> installed(String prefix) {
        return content.keySet().stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toSet());
    }

    @Override
    public Optional<String> driverProvider(String capability, String name, String exceptLocation) {
        return Optional.ofNullable(otherDrivers.get(capability + "/" + name));
    }

    @Override
    public boolean awaitDriver(String capability, String name, String location, long timeoutMillis) {
        return !silent && active.getOrDefault(location, false);
    }

    boolean isActive(String id) {
        return active.getOrDefault(PluginStore.LOCATION_PREFIX + id, false);
    }
}
