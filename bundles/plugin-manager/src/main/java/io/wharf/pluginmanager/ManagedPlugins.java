package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ImageReference;
import io.wharf.api.plugin.manager.Plugin;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.plugin.manager.PluginManager;
import io.wharf.api.plugin.manager.PluginPrivilege;
import io.wharf.api.plugin.manager.PluginSettings;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.pluginmanager.docker.DockerPlugins;
import io.wharf.pluginmanager.docker.DockerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed plugins: each a bundle installed from a verified artifact, started while enabled, its settings in
 * its configuration, its state in the {@link PluginStore}; or a Docker plugin, whose root file system
 * {@link DockerPlugins} runs as a container while enabled. Downloads run outside the lock, and so do the waits of
 * enable and disable (a plugin's socket, its drivers, its container's exit), while the plugin is marked busy so that
 * no other change of it starts meanwhile; every change of the set or of a plugin's state is made under the lock,
 * bundle first and state file last, so that the saved state never claims what the framework has not done, and a
 * state that cannot be saved is undone rather than left running or installed unrecorded.
 */
public final class ManagedPlugins implements PluginManager {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedPlugins.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PluginStore store;
    private final BundleHost bundles;
    private final RemotePlugins remote;
    private final DriverUsage usage;
    private final PluginEvents events;
    private final DockerPlugins docker;
    private final BundlePlugins wharf;
    private final Map<String, Installed> plugins = new LinkedHashMap<>(); // by id, guarded by this
    private final PluginClaims busy = new PluginClaims();

    private record Installed(PluginRecord record, PluginConfig config) {
        Installed withEnabled(boolean enabled) {
            return new Installed(record.withEnabled(enabled), config);
        }
    }

    public ManagedPlugins(PluginStore store, BundleHost bundles, RemotePlugins remote, DriverUsage usage,
                          PluginSettingsSink settingsSink, PluginEvents events, DockerPlugins docker)
            throws IOException {
        this.store = store;
        this.bundles = bundles;
        this.remote = remote;
        this.usage = usage;
        this.wharf = new BundlePlugins(bundles, store, settingsSink);
        this.events = events;
        this.docker = docker;
        for (PluginRecord record : store.load()) {
            plugins.put(record.id(), new Installed(record, PluginConfigs.read(store.config(record.id()))));
        }
    }

    /**
     * Brings the framework to the saved state after a start: each plugin's bundle installed (or found in the
     * framework's cache), started when enabled and stopped when not; bundles of plugins no longer listed go.
     * A plugin that fails is logged and left listed, so that it can be inspected and removed.
     */
    public synchronized void restore() {
        for (Installed p : plugins.values()) {
            try {
                if (!isDocker(p)) {
                    wharf.restore(p.record(), p.config());
                } else if (p.record().enabled()) {
                    docker.restore(p.record(), p.config());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("plugin {} could not be restored: {}", p.record().name(), e.toString());
            }
        }
        wharf.uninstallAllBut(plugins.values().stream().filter(p -> !isDocker(p)).map(Installed::record).toList());
    }

    private static boolean isDocker(Installed p) {
        return PluginConfigs.isDocker(p.config());
    }

    @Override
    public synchronized List<Plugin> list() {
        return plugins.values().stream().map(this::describe).toList();
    }

    @Override
    public synchronized Plugin get(String nameOrId) {
        return describe(find(nameOrId));
    }

    @Override
    public List<PluginPrivilege> privileges(String remoteName, RegistryAuth auth) throws IOException {
        RemotePlugins.Fetched fetched = remote.fetch(PluginNames.reference(remoteName), auth);
        return PluginPrivileges.required(PluginConfigs.read(fetched.config()));
    }

    @Override
    public String localName(String remoteName, String name) {
        return name == null || name.isEmpty() ? PluginNames.localNameOf(remoteName) : PluginNames.normalize(name);
    }

    @Override
    public void pull(String remoteName, String name, List<PluginPrivilege> granted, RegistryAuth auth,
                     ProgressListener progress) throws IOException {
        ImageReference reference = PluginNames.reference(remoteName);
        String local = localName(remoteName, name);
        synchronized (this) {
            refuseExisting(local);
        }
        download(reference, granted, auth, progress, (configBytes, config, jar) ->
                install(local, reference.familiarString(), configBytes, config, jar, "pull"));
    }

    /**
     * What a verified download is made into: a new plugin, or an upgrade of one. {@code content} is the bundle jar
     * of a Wharf plugin, the staged folder (layers/, rootfs/) of a Docker plugin.
     */
    @FunctionalInterface
    private interface Commit {
        void accept(byte[] configBytes, PluginConfig config, Path content) throws IOException;
    }

    /**
     * Fetches the artifact, checks its config and that the privileges it asks for are granted, downloads its jar
     * or layers (verified), and hands them to {@code commit}; the temporary files are gone afterwards.
     */
    private void download(ImageReference reference, List<PluginPrivilege> granted, RegistryAuth auth,
                          ProgressListener progress, Commit commit) throws IOException {
        progress.onProgress(ProgressMessage.status(
                "%s: Pulling from %s".formatted(reference.tag(), reference.familiarName())));
        RemotePlugins.Fetched fetched = remote.fetch(reference, auth);
        PluginConfig config = PluginConfigs.read(fetched.config());
        PluginPrivileges.check(PluginPrivileges.required(config), granted);
        if (PluginConfigs.isDocker(config) != PluginArtifacts.isRootfs(fetched.manifest())) {
            throw EngineException.invalid("%s: its config and its layers disagree on whether it is a Docker plugin",
                    reference.familiarString());
        }
        try (StagedContent staged = StagedContent.download(remote, fetched, store, docker, auth, progress)) {
            progress.onProgress(ProgressMessage.status("Digest: " + fetched.manifestDigest()));
            commit.accept(fetched.config(), config, staged.content());
        }
        progress.onProgress(ProgressMessage.status(
                "Status: Downloaded newer image for " + reference.familiarString()));
    }

    @Override
    public void create(String name, InputStream context) throws IOException {
        String local = PluginNames.normalize(name);
        synchronized (this) {
            refuseExisting(local);
        }
        try (StagedContent staged = StagedContent.fromContext(context, store, docker)) {
            install(local, local, staged.config(), PluginConfigs.read(staged.config()), staged.content(), "create");
        }
    }

    private synchronized void install(String name, String reference, byte[] configBytes, PluginConfig config,
                                      Path content, String action) throws IOException {
        refuseExisting(name);
        checkOwnership(config, null);
        String id = HexFormat.of().formatHex(randomId());
        PluginRecord record = new PluginRecord(id, name, reference, false, List.of());
        try {
            if (PluginConfigs.isDocker(config)) {
                store.commitRootfs(id, configBytes, content);
            } else {
                store.commit(id, configBytes, content);
                wharf.install(record);
            }
        } catch (IOException | RuntimeException e) {
            store.delete(id);
            throw e;
        }
        plugins.put(id, new Installed(record, config));
        try {
            save();
        } catch (IOException | RuntimeException e) { // unrecorded, it would be an orphan: undone
            plugins.remove(id);
            if (!PluginConfigs.isDocker(config)) {
                Undo.quietly(() -> wharf.uninstall(record));
            }
            Undo.quietly(() -> store.delete(id));
            throw e;
        }
        events.log(id, name, action);
    }

    private static byte[] randomId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return id;
    }

    @Override
    public void upgrade(String name, String remoteName, List<PluginPrivilege> granted, RegistryAuth auth,
                        ProgressListener progress) throws IOException {
        ImageReference reference = PluginNames.reference(remoteName);
        String id;
        synchronized (this) {
            Installed p = find(name);
            if (isDocker(p)) {
                DockerPlugins.checkUpgrade(p.record(), true, true); // before the download, as dockerd
            }
            id = p.record().id();
        }
        download(reference, granted, auth, progress, (configBytes, config, jar) -> {
            Installed upgraded = replace(id, reference.familiarString(), configBytes, config, jar);
            if (upgraded.record().enabled() && !isDocker(upgraded)) {
                wharf.awaitDrivers(upgraded.record(), config); // the next request finds the new bundle's drivers
            }
        });
    }

    /**
     * The upgrade proper: the same bundle (same location) updated with the new jar, restarted if it ran; or a
     * disabled Docker plugin's root file system swapped.
     */
    private synchronized Installed replace(String id, String reference, byte[] configBytes, PluginConfig config,
                                           Path content) throws IOException {
        Installed old = plugins.get(id);
        if (old == null) {
            throw EngineException.notFound("plugin %s not found", id);
        }
        refuseBusy(old);
        checkOwnership(config, id);
        Installed upgraded = new Installed(old.record().withReference(reference), config);
        if (isDocker(old) || isDocker(upgraded)) {
            DockerPlugins.checkUpgrade(old.record(), isDocker(old), isDocker(upgraded));
            store.commitRootfs(id, configBytes, content); // its container is stopped: nothing else to do
        } else {
            store.commit(id, configBytes, content);
            wharf.update(upgraded.record(), old.config(), config);
        }
        plugins.put(id, upgraded);
        save();
        events.log(id, upgraded.record().name(), "upgrade");
        return upgraded;
    }

    @Override
    public void push(String name, RegistryAuth auth, ProgressListener progress) throws IOException {
        PluginRecord record;
        synchronized (this) {
            record = find(name).record();
        }
        ImageReference reference = PluginNames.reference(record.name()); // pushed where its name says
        progress.onProgress(ProgressMessage.status("The push refers to repository [%s]".formatted(reference.name())));
        List<RemotePlugins.Layer> layers = PluginConfigs.isDocker(PluginConfigs.read(store.config(record.id())))
                ? docker.pushLayers(record.id())
                : List.of(new RemotePlugins.Layer(PluginArtifacts.BUNDLE_LAYER, store.jar(record.id())));
        remote.push(reference, store.config(record.id()), layers, auth, progress);
        events.log(record.id(), record.name(), "push");
    }

    @Override
    public void enable(String name) throws IOException {
        Installed p;
        synchronized (this) {
            p = claim(find(name));
            if (p.record().enabled()) {
                release(p);
                throw EngineException.conflict("plugin %s is already enabled", p.record().name());
            }
        }
        try {
            if (isDocker(p)) {
                docker.enable(p.record(), p.config()); // waits for its socket: outside the lock
            } else {
                wharf.enable(p.record(), p.config()); // waits for its drivers
            }
            synchronized (this) {
                try {
                    replaceRecord(p, p.record().withEnabled(true));
                } catch (IOException | RuntimeException e) { // recorded disabled: it must not run
                    Undo.quietly(() -> stop(p));
                    throw e;
                }
            }
            events.log(p.record().id(), p.record().name(), "enable");
        } finally {
            release(p);
        }
    }

    @Override
    public void disable(String name, boolean force) throws IOException {
        Installed p;
        synchronized (this) {
            p = find(name);
            if (!p.record().enabled()) {
                throw EngineException.conflict("plugin %s is already disabled", p.record().name());
            }
            if (!force && !users(p).isEmpty()) {
                throw EngineException.conflict("plugin %s is in use", p.record().name());
            }
            claim(p);
        }
        try {
            stop(p); // waits for its container to exit: outside the lock
            synchronized (this) {
                replaceRecord(p, p.record().withEnabled(false)); // unsaved, a restart starts it again
            }
            events.log(p.record().id(), p.record().name(), "disable");
        } finally {
            release(p);
        }
    }

    @Override
    public void remove(String name, boolean force) throws IOException {
        Installed p;
        synchronized (this) {
            p = find(name);
            if (!force) {
                if (!users(p).isEmpty()) {
                    throw EngineException.conflict("plugin %s is in use", p.record().name());
                }
                if (p.record().enabled()) {
                    throw EngineException.conflict("plugin %s is enabled", p.record().name());
                }
            }
            claim(p);
        }
        try {
            if (p.record().enabled()) {
                stop(p);
            }
            if (isDocker(p)) { // refuses while something is still mounted in the plugin's folder
                docker.releaseForRemoval(p.record(), p.config());
            }
            synchronized (this) {
                plugins.remove(p.record().id());
                try {
                    save();
                } catch (IOException | RuntimeException e) {
                    plugins.put(p.record().id(), p.record().enabled() ? p.withEnabled(false) : p);
                    throw e;
                }
                if (!isDocker(p)) { // after the save: a crash between leaves a bundle the next start uninstalls
                    wharf.uninstall(p.record());
                }
            }
            store.delete(p.record().id());
            events.log(p.record().id(), p.record().name(), "remove");
        } finally {
            release(p);
        }
    }

    private Installed claim(Installed p) {
        busy.claim(p.record().id(), p.record().name());
        return p;
    }

    private void release(Installed p) {
        busy.release(p.record().id());
    }

    private void refuseBusy(Installed p) {
        busy.refuseClaimed(p.record().id(), p.record().name());
    }

    private void stop(Installed p) throws IOException {
        if (isDocker(p)) {
            docker.disable(p.record(), p.config());
        } else {
            wharf.disable(p.record(), p.config());
        }
    }

    @Override
    public synchronized void set(String name, List<String> settings) throws IOException {
        Installed p = find(name);
        refuseBusy(p);
        if (isDocker(p)) {
            if (p.record().enabled()) {
                throw EngineException.conflict("cannot set on an active plugin, disable plugin before setting");
            }
            replaceRecord(p, DockerSettings.apply(p.config(), p.record(), settings));
            return;
        }
        List<String> env = PluginEnv.set(p.config(), p.record().env(), settings);
        Installed changed = replaceRecord(p, p.record().withEnv(env));
        if (changed.record().enabled()) {
            wharf.applySettings(changed.record(), changed.config());
        }
    }

    private Installed replaceRecord(Installed p, PluginRecord record) throws IOException {
        Installed changed = new Installed(record, p.config());
        plugins.put(record.id(), changed);
        try {
            save();
        } catch (IOException e) {
            plugins.put(record.id(), p);
            throw e;
        }
        return changed;
    }

    private void save() throws IOException {
        store.save(plugins.values().stream().map(Installed::record).toList());
    }

    private List<String> users(Installed p) {
        List<String> result = new ArrayList<>();
        List<String> drivers = isDocker(p) ? List.of(DockerPlugins.driverName(p.record().name()))
                : p.config().wharf().drivers();
        for (String type : p.config().pluginInterface().types()) {
            for (String driver : drivers) {
                result.addAll(usage.users(PluginConfigs.capability(type), driver));
            }
        }
        return result;
    }

    /**
     * A driver name has one provider: another plugin that declares it (enabled or not), or a bundle that registers
     * it now, makes a new provider a CONFLICT; only an upgrade of the owner may bring it again.
     */
    private void checkOwnership(PluginConfig config, String upgradedId) {
        String except = upgradedId == null ? null : PluginStore.LOCATION_PREFIX + upgradedId;
        for (String type : config.pluginInterface().types()) {
            String capability = PluginConfigs.capability(type);
            for (String driver : config.wharf().drivers()) {
                for (Installed other : plugins.values()) {
                    if (!other.record().id().equals(upgradedId) && provides(other.config(), capability, driver)) {
                        throw EngineException.conflict("%s driver %s is already provided by plugin %s: upgrade that"
                                + " plugin to replace it", capability, driver, other.record().name());
                    }
                }
                bundles.driverProvider(capability, driver, except).ifPresent(bundle -> {
                    throw EngineException.conflict("%s driver %s is already provided by bundle %s", capability,
                            driver, bundle);
                });
            }
        }
    }

    private static boolean provides(PluginConfig config, String capability, String driver) {
        return config.wharf().drivers().contains(driver) && config.pluginInterface().types().stream()
                .anyMatch(t -> PluginConfigs.capability(t).equals(capability));
    }

    private void refuseExisting(String name) {
        for (Installed p : plugins.values()) {
            if (p.record().name().equals(name)) {
                throw EngineException.conflict("plugin %s already exists", name);
            }
        }
    }

    /** By normalized name, then by a unique prefix of the id, as dockerd looks plugins up. */
    private Installed find(String nameOrId) {
        String normalized = null;
        try {
            normalized = PluginNames.normalize(nameOrId);
        } catch (EngineException notAName) {
            // may still be an id prefix
        }
        Installed byPrefix = null;
        for (Installed p : plugins.values()) {
            if (p.record().name().equals(normalized)) {
                return p;
            }
            if (nameOrId != null && !nameOrId.isEmpty() && p.record().id().startsWith(nameOrId)) {
                if (byPrefix != null) {
                    throw EngineException.invalid("multiple plugins found with ID prefix %s", nameOrId);
                }
                byPrefix = p;
            }
        }
        if (byPrefix == null) {
            throw EngineException.notFound("plugin %s not found", nameOrId);
        }
        return byPrefix;
    }

    private Plugin describe(Installed p) {
        PluginConfig config = p.config();
        PluginSettings settings = isDocker(p) ? DockerSettings.describe(config, p.record())
                : new PluginSettings(config.mounts(), PluginEnv.asList(PluginEnv.values(config, p.record().env())),
                        config.args().value(), config.linux().devices());
        return new Plugin(p.record().id(), p.record().name(), p.record().enabled(), settings,
                p.record().reference(), config);
    }
}
