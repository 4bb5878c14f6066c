package io.wharf.pluginmanager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.manager.Plugin;
import io.wharf.api.plugin.manager.PluginPrivilege;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.registry.RegistryAuth;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedPluginsTest {
    private static final RegistryAuth ANONYMOUS = RegistryAuth.anonymous();
    private static final List<PluginPrivilege> ALL = List.of(PluginPrivileges.IN_PROCESS);
    private static final byte[] JAR_V1 = "jar v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JAR_V2 = "jar v2".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataRoot;
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final FakeBundles bundles = new FakeBundles();
    private final Map<String, Map<String, String>> configurations = new HashMap<>();
    private final Map<String, List<String>> driverUsers = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private ManagedPlugins plugins;

    @BeforeEach
    void start() throws IOException {
        plugins = manager();
    }

    private ManagedPlugins manager() throws IOException {
        PluginSettingsSink sink = new PluginSettingsSink() {
            @Override
            public void apply(String pid, Map<String, String> settings) {
                configurations.put(pid, Map.copyOf(settings));
            }

            @Override
            public void clear(String pid) {
                configurations.remove(pid);
            }
        };
        ManagedPlugins manager = new ManagedPlugins(new PluginStore(dataRoot.resolve("plugins")), bundles,
                new RemotePlugins(registry, new PluginEndpoints(List.of())),
                (capability, driver) -> driverUsers.getOrDefault(capability + "/" + driver, List.of()), sink,
                (id, name, action) -> events.add(action + " " + name), null); // Wharf plugins only
        manager.restore();
        return manager;
    }

    private void create(String name, String driver, byte[] jar) throws IOException {
        plugins.create(name, new ByteArrayInputStream(PluginContexts.tar(PluginContexts.config(driver), jar, true)));
    }

    @Test
    void aCreatedPluginIsInstalledDisabledAndStartsWithItsSettingsWhenEnabled() throws Exception {
        create("acme/dirvol", "dirvol", JAR_V1);
        Plugin created = plugins.get("acme/dirvol");
        assertEquals("acme/dirvol:latest", created.name());
        assertFalse(created.enabled());
        assertEquals(64, created.id().length());
        assertEquals(List.of("root=/srv/dirvol", "fixed=1"), created.settings().env());
        assertFalse(bundles.isActive(created.id()));
        assertArrayEquals(JAR_V1, bundles.content.get(PluginStore.LOCATION_PREFIX + created.id()));

        plugins.enable(created.id().substring(0, 12));
        assertTrue(bundles.isActive(created.id()));
        assertEquals(Map.of("root", "/srv/dirvol", "fixed", "1"), configurations.get("com.example.dirvol"));

        plugins.set("acme/dirvol:latest", List.of("root=/data"));
        assertEquals("/data", configurations.get("com.example.dirvol").get("root"), "set reaches a running bundle");
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> plugins.set("acme/dirvol", List.of("fixed=2"))).kind());
        EngineException enabledTwice = assertThrows(EngineException.class, () -> plugins.enable("acme/dirvol"));
        assertEquals("plugin acme/dirvol:latest is already enabled", enabledTwice.getMessage());
    }

    @Test
    void disableIsRefusedWhileTheDriverIsUsedAndRemoveWhileEnabled() throws Exception {
        create("acme/dirvol", "dirvol", JAR_V1);
        plugins.enable("acme/dirvol");
        driverUsers.put("volumedriver/dirvol", List.of("volume v1"));

        EngineException inUse = assertThrows(EngineException.class, () -> plugins.disable("acme/dirvol", false));
        assertEquals(ErrorKind.CONFLICT, inUse.kind());
        assertEquals("plugin acme/dirvol:latest is in use", inUse.getMessage());
        driverUsers.clear();
        EngineException enabled = assertThrows(EngineException.class, () -> plugins.remove("acme/dirvol", false));
        assertEquals("plugin acme/dirvol:latest is enabled", enabled.getMessage());

        plugins.disable("acme/dirvol", false);
        assertFalse(configurations.containsKey("com.example.dirvol"), "a disabled plugin keeps no configuration");
        String id = plugins.get("acme/dirvol").id();
        plugins.remove("acme/dirvol", false);
        assertTrue(plugins.list().isEmpty());
        assertTrue(bundles.content.isEmpty());
        assertFalse(Files.exists(dataRoot.resolve("plugins").resolve(id)));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> plugins.get("acme/dirvol")).kind());
        assertEquals(List.of("create acme/dirvol:latest", "enable acme/dirvol:latest", "disable acme/dirvol:latest",
                "remove acme/dirvol:latest"), events);
    }

    @Test
    void aPushedPluginPullsBackVerifiedUnderItsName() throws Exception {
        create("localhost:5000/acme/dirvol:1.0", "dirvol", JAR_V1);
        List<ProgressMessage> pushed = new ArrayList<>();
        plugins.push("localhost:5000/acme/dirvol:1.0", ANONYMOUS, pushed::add);
        assertTrue(pushed.get(pushed.size() - 1).status().startsWith("1.0: digest: sha256:"), pushed.toString());
        plugins.remove("localhost:5000/acme/dirvol:1.0", false);

        assertEquals(ALL, plugins.privileges("localhost:5000/acme/dirvol:1.0", ANONYMOUS));
        List<ProgressMessage> pulled = new ArrayList<>();
        plugins.pull("localhost:5000/acme/dirvol:1.0", "", ALL, ANONYMOUS, pulled::add);
        Plugin plugin = plugins.get("localhost:5000/acme/dirvol:1.0");
        assertEquals("localhost:5000/acme/dirvol:1.0", plugin.pluginReference());
        assertEquals("test driver dirvol", plugin.config().description());
        assertArrayEquals(JAR_V1, bundles.content.get(PluginStore.LOCATION_PREFIX + plugin.id()));
        assertEquals("Status: Downloaded newer image for localhost:5000/acme/dirvol:1.0",
                pulled.get(pulled.size() - 1).status());
    }

    @Test
    void aBundleThatDoesNotMatchItsDigestIsNotInstalled() throws Exception {
        create("localhost:5000/acme/dirvol:1.0", "dirvol", JAR_V1);
        plugins.push("localhost:5000/acme/dirvol:1.0", ANONYMOUS, ProgressListener.NONE);
        plugins.remove("localhost:5000/acme/dirvol:1.0", false);
        registry.blobs.replaceAll((k, v) -> new String(v, StandardCharsets.UTF_8).equals("jar v1")
                ? "jar v9".getBytes(StandardCharsets.UTF_8) : v);

        EngineException e = assertThrows(EngineException.class, () -> plugins.pull(
                "localhost:5000/acme/dirvol:1.0", null, ALL, ANONYMOUS, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("failed verification"), e.getMessage());
        assertTrue(plugins.list().isEmpty());
        assertTrue(bundles.content.isEmpty());
    }

    @Test
    void privilegesNotGrantedRefuseThePull() throws Exception {
        create("localhost:5000/acme/dirvol:1.0", "dirvol", JAR_V1);
        plugins.push("localhost:5000/acme/dirvol:1.0", ANONYMOUS, ProgressListener.NONE);
        EngineException e = assertThrows(EngineException.class, () -> plugins.pull(
                "localhost:5000/acme/dirvol:1.0", "other", List.of(), ANONYMOUS, ProgressListener.NONE));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(1, plugins.list().size());
    }

    @Test
    void aDriverNameHasOneProviderUnlessTheOwnerIsUpgraded() throws Exception {
        create("acme/one", "dirvol", JAR_V1);
        EngineException second = assertThrows(EngineException.class, () -> create("acme/two", "dirvol", JAR_V1));
        assertEquals(ErrorKind.CONFLICT, second.kind());
        assertEquals("volumedriver driver dirvol is already provided by plugin acme/one:latest: upgrade that plugin"
                + " to replace it", second.getMessage());
        bundles.otherDrivers.put("volumedriver/local", "io.wharf.volume.local");
        EngineException local = assertThrows(EngineException.class, () -> create("acme/three", "local", JAR_V1));
        assertEquals("volumedriver driver local is already provided by bundle io.wharf.volume.local",
                local.getMessage());
        assertEquals(1, plugins.list().size());

        // the owner's upgrade brings the same driver name: an update of its bundle in place, running on
        publish("acme/one", "2.0", JAR_V2);
        plugins.enable("acme/one");
        String id = plugins.get("acme/one").id();
        plugins.upgrade("acme/one", "localhost:5000/acme/one:2.0", ALL, ANONYMOUS, ProgressListener.NONE);
        assertEquals(1, bundles.updates);
        assertArrayEquals(JAR_V2, bundles.content.get(PluginStore.LOCATION_PREFIX + id));
        assertTrue(bundles.isActive(id));
        assertEquals("localhost:5000/acme/one:2.0", plugins.get("acme/one").pluginReference());
    }

    /** Publishes an artifact of the dirvol driver with {@code jar} straight to the registry. */
    private void publish(String repository, String tag, byte[] content) throws IOException {
        Path jar = Files.createTempFile(dataRoot, "jar", ".jar");
        Files.write(jar, content);
        new RemotePlugins(registry, new PluginEndpoints(List.of())).push(
                PluginNames.reference("localhost:5000/" + repository + ":" + tag),
                PluginContexts.config("dirvol").getBytes(StandardCharsets.UTF_8),
                List.of(new RemotePlugins.Layer(PluginArtifacts.BUNDLE_LAYER, jar)), ANONYMOUS,
                ProgressListener.NONE);
    }

    @Test
    void aRestartBringsEachPluginBackInTheStateItHad() throws Exception {
        create("acme/on", "on", JAR_V1);
        create("acme/off", "off", JAR_V1);
        plugins.enable("acme/on");
        plugins.set("acme/on", List.of("root=/kept"));
        String on = plugins.get("acme/on").id();
        String off = plugins.get("acme/off").id();
        bundles.content.put(PluginStore.LOCATION_PREFIX + "gone", JAR_V1); // a plugin's bundle the state lost

        // a clean framework cache: nothing installed, no configuration
        bundles.content.keySet().removeIf(l -> !l.endsWith("gone"));
        bundles.active.clear();
        configurations.clear();
        plugins = manager();

        assertTrue(bundles.isActive(on));
        assertFalse(bundles.isActive(off));
        assertTrue(bundles.content.containsKey(PluginStore.LOCATION_PREFIX + off));
        assertFalse(bundles.content.containsKey(PluginStore.LOCATION_PREFIX + "gone"));
        assertEquals("/kept", configurations.get("com.example.on").get("root"));
        assertTrue(plugins.get("acme/on").enabled());
        assertEquals(List.of("root=/kept", "fixed=1"), plugins.get("acme/on").settings().env());
    }

    @Test
    void aBundleThatFailsToStartLeavesThePluginDisabled() throws Exception {
        create("acme/dirvol", "dirvol", JAR_V1);
        bundles.failStart = true;
        EngineException e = assertThrows(EngineException.class, () -> plugins.enable("acme/dirvol"));
        assertTrue(e.getMessage().startsWith("plugin acme/dirvol:latest failed to start: Unable to resolve"));
        assertFalse(plugins.get("acme/dirvol").enabled());
        assertFalse(configurations.containsKey("com.example.dirvol"));
    }

    @Test
    void aBundleThatDoesNotRegisterItsDriverIsNotEnabled() throws Exception {
        create("acme/dirvol", "dirvol", JAR_V1);
        bundles.silent = true;
        EngineException e = assertThrows(EngineException.class, () -> plugins.enable("acme/dirvol"));
        assertEquals("plugin acme/dirvol:latest failed to start: its bundle did not register the volumedriver"
                + " driver dirvol within 30 s", e.getMessage());
        assertFalse(bundles.isActive(plugins.get("acme/dirvol").id()));
        assertFalse(plugins.get("acme/dirvol").enabled());
    }

    @Test
    void anExistingNameIsAConflict() throws Exception {
        create("acme/dirvol", "dirvol", JAR_V1);
        EngineException e = assertThrows(EngineException.class, () -> create("acme/dirvol:latest", "x", JAR_V1));
        assertEquals("plugin acme/dirvol:latest already exists", e.getMessage());
    }

    /** A plugin whose state cannot be saved is undone: not listed, no bundle, no files, not an orphan. */
    @Test
    void aFailedStateSaveLeavesNoOrphanPlugin() throws Exception {
        Path state = dataRoot.resolve("plugins").resolve("plugins.json");
        Files.createDirectories(state.resolve("blocked")); // a rename over a non-empty directory fails
        assertThrows(IOException.class, () -> create("acme/dirvol", "dirvol", JAR_V1));
        assertTrue(plugins.list().isEmpty());
        assertTrue(bundles.content.isEmpty(), "its bundle was uninstalled");
        try (var left = Files.list(dataRoot.resolve("plugins"))) {
            assertEquals(List.of(), left.map(f -> f.getFileName().toString())
                    .filter(n -> n.length() == 64).toList(), "its folder was deleted");
        }

        Files.delete(state.resolve("blocked"));
        Files.delete(state);
        create("acme/dirvol", "dirvol", JAR_V1); // the name is free again
        assertEquals(1, manager().list().size());
    }
}
