package io.wharf.pluginmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginSockets;
import io.wharf.api.plugin.manager.Plugin;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.linux.LinuxFs;
import io.wharf.pluginmanager.docker.DockerPlugins;
import io.wharf.pluginmanager.docker.FakeMounts;
import io.wharf.pluginmanager.docker.PluginContainers;
import io.wharf.pluginmanager.docker.RootfsLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker plugin branches of the manager: its rootfs stored, its container run on enable, its socket handed on. */
class ManagedDockerPluginsTest {
    private static final RegistryAuth ANONYMOUS = RegistryAuth.anonymous();
    private static final String NAME = "localhost:5000/acme/sshvol:1.0";

    @TempDir
    Path dataRoot;
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final Map<String, List<String>> driverUsers = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<String> sockets = new ArrayList<>();
    private FakePluginDriver driver;
    private FakeMounts mounts;
    private ManagedPlugins plugins;

    @BeforeEach
    void start() throws IOException {
        driver = new FakePluginDriver(dataRoot.resolve("exec/plugins"), "sshvol.sock");
        mounts = new FakeMounts(Files.createDirectories(dataRoot.resolve("proc")).resolve("mountinfo"));
        plugins = manager();
    }

    private ManagedPlugins manager() throws IOException {
        PluginSockets handedOn = new PluginSockets() {
            @Override
            public LegacyPlugin register(String name, Path socket, UnaryOperator<String> hostPath) {
                assertTrue(Files.exists(socket), "registered once its socket is there");
                sockets.add("register " + name);
                return null; // the manager does not use it
            }

            @Override
            public void unregister(String name) {
                sockets.add("unregister " + name);
            }
        };
        PluginStore store = new PluginStore(dataRoot.resolve("plugins"));
        ManagedPlugins manager = new ManagedPlugins(store, new FakeBundles(),
                new RemotePlugins(registry, new PluginEndpoints(List.of())),
                (capability, name) -> driverUsers.getOrDefault(capability + "/" + name, List.of()), null,
                (id, name, action) -> events.add(action + " " + name),
                new DockerPlugins(store, new RootfsLayers(LinuxFs.get()),
                        new PluginContainers(driver::driver, handedOn, dataRoot.resolve("exec/plugins"),
                                mounts.propagatedMounts())));
        manager.restore();
        return manager;
    }

    private static byte[] context(String version) throws IOException {
        return context(version, "");
    }

    private static byte[] context(String version, String propagatedMount) throws IOException {
        return PluginContexts.files("config.json", """
                {"description": "sshvol %s", "entrypoint": ["/plugin.py"], "propagatedMount": "%s",
                 "interface": {"types": ["docker.volumedriver/1.0"], "socket": "sshvol.sock"}}
                """.formatted(version, propagatedMount), "rootfs/plugin.py", "version " + version);
    }

    /** Installs and enables acme/sshvol with the propagated mount /data; returns its host directory. */
    private Path enabledWithPropagatedMount() throws IOException {
        plugins.create("acme/sshvol", new ByteArrayInputStream(context("1", "/data")));
        String id = plugins.get("acme/sshvol").id();
        plugins.enable("acme/sshvol");
        return dataRoot.toRealPath().resolve("plugins").resolve(id).resolve("propagated-mount");
    }

    private Path rootfs(String id) {
        return dataRoot.resolve("plugins").resolve(id).resolve("rootfs");
    }

    @Test
    void enableRunsItsContainerAndHandsItsSocketOnUnderItsDriverNameDisableTakesBoth() throws Exception {
        plugins.create("acme/sshvol", new ByteArrayInputStream(context("1")));
        Plugin created = plugins.get("acme/sshvol");
        assertFalse(created.enabled());
        assertEquals("version 1", Files.readString(rootfs(created.id()).resolve("plugin.py")));
        assertTrue(driver.calls.isEmpty(), "nothing runs before enable");

        plugins.enable("acme/sshvol");
        String id = created.id();
        assertEquals(List.of("create " + id, "start " + id), driver.calls.subList(0, 2));
        assertEquals(List.of("register acme/sshvol"), sockets, "known as acme/sshvol, without :latest");
        assertTrue(plugins.get("acme/sshvol").enabled());
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class,
                () -> plugins.enable("acme/sshvol")).kind());
        EngineException set = assertThrows(EngineException.class, () -> plugins.set("acme/sshvol", List.of("A=1")));
        assertEquals("cannot set on an active plugin, disable plugin before setting", set.getMessage());

        plugins.disable("acme/sshvol", false);
        assertEquals(List.of("register acme/sshvol", "unregister acme/sshvol"), sockets);
        assertFalse(driver.states.containsKey(id), "its container is gone");
        assertTrue(driver.calls.contains("kill 15 " + id));
        assertFalse(plugins.get("acme/sshvol").enabled());

        plugins.remove("acme/sshvol", false);
        assertFalse(Files.exists(dataRoot.resolve("plugins").resolve(id)));
        assertEquals(List.of("create acme/sshvol:latest", "enable acme/sshvol:latest", "disable acme/sshvol:latest",
                "remove acme/sshvol:latest"), events);
    }

    @Test
    void aPropagatedMountIsSharedWithTheHostWhileEnabledAndWhatThePluginMountedThereGoesWithIt() throws Exception {
        Path propagated = enabledWithPropagatedMount();
        assertEquals(List.of("bind " + propagated + " " + propagated, "rshared " + propagated), mounts.calls,
                "shared before the container is made, as dockerd's MakeRShared");
        assertEquals("rshared", driver.specs.get(0).rootfsPropagation(), "so the plugin's mounts reach the host");
        assertEquals(SecuritySpec.UNCONFINED, driver.specs.get(0).security().seccompProfile(), "as dockerd");
        Path volume = Files.createDirectories(propagated.resolve("v1"));
        mounts.pluginMounts(volume); // a tmpfs the plugin mounted for a volume and did not unmount

        plugins.disable("acme/sshvol", true);
        assertEquals(List.of(Path.of("/")), mounts.mountPoints(), "nothing of the plugin stays mounted");
        assertTrue(Files.isDirectory(volume));
        plugins.remove("acme/sshvol", false);
        assertFalse(Files.exists(propagated));
    }

    @Test
    void removeIsRefusedWhileSomethingStaysMountedInThePropagatedMountSoNoDeleteWalksIntoIt() throws Exception {
        Path propagated = enabledWithPropagatedMount();
        String id = plugins.get("acme/sshvol").id();
        plugins.disable("acme/sshvol", false);
        Path remote = Files.createDirectories(propagated.resolve("v1"));
        Files.writeString(remote.resolve("file"), "on a remote file system");
        mounts.pluginMounts(remote); // left mounted, with the directory no mount point to detach it by

        EngineException refused = assertThrows(EngineException.class, () -> plugins.remove("acme/sshvol", true));
        assertEquals(ErrorKind.CONFLICT, refused.kind());
        assertTrue(refused.getMessage().contains("still mounted"), refused.getMessage());
        assertTrue(Files.exists(remote.resolve("file")), "nothing deleted through the mount");
        assertEquals(id, plugins.get("acme/sshvol").id(), "still listed");
    }

    @Test
    void aPluginWithoutPropagatedMountMountsNothingOnTheHost() throws Exception {
        plugins.create("acme/sshvol", new ByteArrayInputStream(context("1")));
        plugins.enable("acme/sshvol");
        plugins.disable("acme/sshvol", false);
        assertTrue(mounts.calls.isEmpty(), mounts.calls.toString());
        assertNull(driver.specs.get(0).rootfsPropagation(), "runc's default");
    }

    @Test
    void disableIsRefusedWhileItsDriverIsUsedUnlessForced() throws Exception {
        plugins.create("acme/sshvol", new ByteArrayInputStream(context("1")));
        plugins.enable("acme/sshvol");
        driverUsers.put("volumedriver/acme/sshvol", List.of("volume data"));
        EngineException inUse = assertThrows(EngineException.class, () -> plugins.disable("acme/sshvol", false));
        assertEquals("plugin acme/sshvol:latest is in use", inUse.getMessage());
        assertTrue(plugins.get("acme/sshvol").enabled());

        plugins.disable("acme/sshvol", true);
        assertFalse(plugins.get("acme/sshvol").enabled());
        assertEquals("unregister acme/sshvol", sockets.get(sockets.size() - 1));
    }

    @Test
    void aPluginThatExitsBeforeItsSocketStaysDisabledAndLeavesNoContainer() throws Exception {
        plugins.create("acme/sshvol", new ByteArrayInputStream(context("1")));
        driver.exitsBeforeItsSocket = true;
        EngineException e = assertThrows(EngineException.class, () -> plugins.enable("acme/sshvol"));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("plugin acme/sshvol failed to start: it exited (code 1) before"
                + " creating its socket sshvol.sock"), e.getMessage());
        assertFalse(plugins.get("acme/sshvol").enabled());
        assertTrue(driver.states.isEmpty());
        assertTrue(sockets.isEmpty());
    }

    @Test
    void pushedItInstallsBackAndUpgradesOnlyWhileDisabledWithItsRootfsSwapped() throws Exception {
        plugins.create(NAME, new ByteArrayInputStream(context("1")));
        plugins.push(NAME, ANONYMOUS, ProgressListener.NONE);
        plugins.remove(NAME, false);
        plugins.pull(NAME, "", plugins.privileges(NAME, ANONYMOUS), ANONYMOUS, ProgressListener.NONE);
        Plugin pulled = plugins.get(NAME);
        assertEquals("version 1", Files.readString(rootfs(pulled.id()).resolve("plugin.py")));

        plugins.create("localhost:5000/acme/sshvol:2.0", new ByteArrayInputStream(context("2")));
        plugins.push("localhost:5000/acme/sshvol:2.0", ANONYMOUS, ProgressListener.NONE);
        plugins.enable(NAME);
        EngineException enabled = assertThrows(EngineException.class, () -> plugins.upgrade(NAME,
                "localhost:5000/acme/sshvol:2.0", List.of(), ANONYMOUS, ProgressListener.NONE));
        assertEquals("plugin must be disabled before upgrading", enabled.getMessage());

        plugins.disable(NAME, false);
        plugins.upgrade(NAME, "localhost:5000/acme/sshvol:2.0", List.of(), ANONYMOUS, ProgressListener.NONE);
        assertEquals("version 2", Files.readString(rootfs(pulled.id()).resolve("plugin.py")));
        assertEquals("localhost:5000/acme/sshvol:2.0", plugins.get(NAME).pluginReference());
        assertEquals("sshvol 2", plugins.get(NAME).config().description());
    }

    @Test
    void aRestartAdoptsAContainerThatRanOnAndDoesNotRunADisabledOne() throws Exception {
        plugins.create("acme/on", new ByteArrayInputStream(context("1")));
        plugins.create("acme/off", new ByteArrayInputStream(context("1")));
        plugins.enable("acme/on");
        driver.calls.clear();
        sockets.clear();

        plugins = manager();
        assertEquals(List.of("register acme/on"), sockets, "handed on again");
        assertTrue(driver.calls.isEmpty(), "its running container adopted, nothing started: " + driver.calls);
        assertTrue(plugins.get("acme/on").enabled());
        assertFalse(plugins.get("acme/off").enabled());
    }

    private static byte[] settableContext(String version, String env) throws IOException {
        return PluginContexts.files("config.json", """
                {"description": "sshvol %s", "entrypoint": ["/plugin.py"],
                 "interface": {"types": ["docker.volumedriver/1.0"], "socket": "sshvol.sock"},
                 "env": [%s],
                 "args": {"name": "opts", "settable": ["value"], "value": ["-v"]}}
                """.formatted(version, env), "rootfs/plugin.py", "version " + version);
    }

    /** As dockerd's upgrade, which replaces the config and keeps the plugin's Settings as they are. */
    @Test
    void whatWasSetSurvivesAnUpgrade() throws Exception {
        plugins.create(NAME, new ByteArrayInputStream(settableContext("1",
                "{\"name\": \"DEBUG\", \"settable\": [\"value\"], \"value\": \"0\"},"
                        + "{\"name\": \"OLD\", \"settable\": [\"value\"], \"value\": \"a\"}")));
        plugins.set(NAME, List.of("DEBUG=1", "OLD=b", "opts=-x -y"));
        plugins.create("localhost:5000/acme/sshvol:2.0", new ByteArrayInputStream(settableContext("2",
                "{\"name\": \"DEBUG\", \"settable\": [\"value\"], \"value\": \"0\"}")));
        plugins.push("localhost:5000/acme/sshvol:2.0", ANONYMOUS, ProgressListener.NONE);

        plugins.upgrade(NAME, "localhost:5000/acme/sshvol:2.0", List.of(), ANONYMOUS, ProgressListener.NONE);
        Plugin upgraded = plugins.get(NAME);
        assertEquals("sshvol 2", upgraded.config().description());
        assertEquals(List.of("DEBUG=1", "OLD=b"), upgraded.settings().env());
        assertEquals(List.of("-x", "-y"), upgraded.settings().args());
        plugins = manager(); // and across a restart, from the saved state
        assertEquals(List.of("DEBUG=1", "OLD=b"), plugins.get(NAME).settings().env());
    }

    /** A plugin slow to come up holds up no other plugin call, and no other change of it begins meanwhile. */
    @Test
    void aSlowEnableDoesNotHoldTheManagerLock() throws Exception {
        plugins.create("acme/slow", new ByteArrayInputStream(context("1")));
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        driver.startGate = gate;
        java.util.concurrent.CompletableFuture<Void> enabling = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                plugins.enable("acme/slow");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        while (driver.calls.stream().noneMatch(c -> c.startsWith("start "))) {
            Thread.sleep(10);
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            assertEquals(1, plugins.list().size(), "list answers while the plugin comes up");
            EngineException busy = assertThrows(EngineException.class, () -> plugins.remove("acme/slow", true));
            assertEquals(ErrorKind.CONFLICT, busy.kind());
            assertEquals("plugin acme/slow:latest is busy: another operation on it is under way", busy.getMessage());
        });
        gate.countDown();
        enabling.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(plugins.get("acme/slow").enabled());
        plugins.disable("acme/slow", false); // released: changes go on
        assertFalse(plugins.get("acme/slow").enabled());
    }
}
