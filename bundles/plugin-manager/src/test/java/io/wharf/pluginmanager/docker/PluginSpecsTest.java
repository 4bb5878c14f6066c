package io.wharf.pluginmanager.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceSpec;
import io.wharf.api.runtime.MountSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.pluginmanager.PluginConfigs;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginSpecsTest {
    private static final String ID = "a".repeat(64);
    private static final PluginSpecs.HostPaths PATHS = new PluginSpecs.HostPaths(Path.of("/data/p/rootfs"),
            Path.of("/run/wharf/plugins/aaaaaaaaaaaa"), Path.of("/data/p/propagated-mount"),
            Path.of("/data/p/plugin.log"));

    private static PluginConfig config(String json) {
        return PluginConfigs.read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The python volume plugin of the end-to-end test, as its config.json says it (lower-case keys). */
    private static final PluginConfig DIRVOL = config("""
            {"description": "dirvol", "interface": {"types": ["docker.volumedriver/1.0"], "socket": "dirvol.sock"},
             "entrypoint": ["/usr/bin/python3", "/dirvol.py", "--socket", "/run/docker/plugins/dirvol.sock"],
             "workdir": "/srv", "network": {"type": "none"}, "propagatedMount": "/mnt/volumes",
             "env": [{"name": "DEBUG", "value": "0", "settable": ["value"]}],
             "args": {"name": "args", "value": ["--root", "/mnt/volumes"]},
             "mounts": [{"source": "/usr", "destination": "/usr", "type": "bind", "options": ["rbind", "ro"]},
                        {"name": "state", "source": "/var/lib/dirvol", "destination": "/state",
                         "options": ["rbind"], "settable": ["source"]}],
             "linux": {"capabilities": ["CAP_SYS_ADMIN"], "devices": [{"path": "/dev/fuse"}]}}
            """);

    @Test
    void theProcessIsEntrypointAndArgsWithPathFirstInItsWorkdir() {
        ContainerSpec spec = PluginSpecs.of(ID, DIRVOL, PATHS,
                settings(List.of("DEBUG=1"), DIRVOL.args().value(), Map.of()));
        assertEquals(List.of("/usr/bin/python3", "/dirvol.py", "--socket", "/run/docker/plugins/dirvol.sock",
                "--root", "/mnt/volumes"), spec.process().args());
        assertEquals(List.of(PluginSpecs.DEFAULT_PATH, "DEBUG=1"), spec.process().env());
        assertEquals("/srv", spec.process().cwd());
        assertFalse(spec.process().terminal());
        assertEquals(Path.of("/data/p/rootfs"), spec.rootfs());
        assertFalse(spec.readonlyRootfs());
        assertEquals(ID, spec.id());
    }

    @Test
    void mountsAreTheSocketDirThePropagatedMountTheNetworkFilesAndTheConfigsWithSettableSources() {
        ContainerSpec spec = PluginSpecs.of(ID, DIRVOL, PATHS,
                settings(List.of(), List.of(), Map.of("state", "/srv/state")));
        assertEquals(List.of(
                new MountSpec("/run/docker/plugins", "bind", "/run/wharf/plugins/aaaaaaaaaaaa",
                        List.of("rbind", "rprivate")),
                new MountSpec("/run/docker/logging", "bind", "/run/wharf/plugins/aaaaaaaaaaaa-logging",
                        List.of("rbind", "ro", "rprivate")),
                new MountSpec("/mnt/volumes", "bind", "/data/p/propagated-mount", List.of("rbind", "rw", "rshared")),
                new MountSpec("/etc/hosts", "bind", "/etc/hosts", List.of("rbind", "ro", "rprivate")),
                new MountSpec("/etc/resolv.conf", "bind", "/etc/resolv.conf", List.of("rbind", "ro", "rprivate")),
                new MountSpec("/usr", "bind", "/usr", List.of("rbind", "ro", "rprivate")),
                new MountSpec("/state", "bind", "/srv/state", List.of("rbind", "rprivate"))), spec.mounts(),
                "only the propagated mount shares: the root being rshared, the others would join the host's");
    }

    @Test
    void networkNoneIsAFreshNamespaceAndHostSharesTheHosts() {
        assertTrue(namespaces(DIRVOL).contains("network"));
        PluginConfig host = config("""
                {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"],
                 "network": {"type": "host"}, "pidHost": true, "ipcHost": true}""");
        assertEquals(List.of("mount", "uts"), namespaces(host));
        assertEquals(List.of("mount", "uts", "pid", "ipc", "network"), namespaces(DIRVOL));
    }

    @Test
    void aBridgeNetworkIsANamespaceOfItsOwnWithTheHostsNameFilesAsInDockerd() {
        PluginConfig bridge = config("""
                {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"],
                 "network": {"type": "bridge"}}""");
        assertTrue(namespaces(bridge).contains("network"));
        assertTrue(PluginSpecs.of(ID, bridge, PATHS, settings(List.of(), List.of(), Map.of())).mounts()
                .contains(new MountSpec("/etc/resolv.conf", "bind", "/etc/resolv.conf",
                        List.of("rbind", "ro", "rprivate"))));
    }

    @Test
    void aPropagatedMountMakesTheRootSharedAndNoSeccompFilterAppliesAsInDockerd() {
        ContainerSpec spec = PluginSpecs.of(ID, DIRVOL, PATHS, settings(List.of(), List.of(), Map.of()));
        assertEquals("rshared", spec.rootfsPropagation());
        assertEquals(SecuritySpec.UNCONFINED, spec.security().seccompProfile());
        assertNull(spec.security().appArmorProfile());
        assertFalse(spec.security().noNewPrivileges());
        PluginConfig none = config("""
                {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"]}""");
        assertNull(PluginSpecs.of(ID, none, PATHS, settings(List.of(), List.of(), Map.of())).rootfsPropagation());
    }

    @Test
    void capabilitiesAreDockersDefaultsPlusTheConfigsAndDevicesAreGiven() {
        ContainerSpec spec = PluginSpecs.of(ID, DIRVOL, PATHS, settings(List.of(), List.of(), Map.of()));
        assertTrue(spec.security().capabilities().containsAll(PluginSpecs.DEFAULT_CAPABILITIES));
        assertTrue(spec.security().capabilities().contains("CAP_SYS_ADMIN"));
        assertFalse(spec.security().privileged());
        assertEquals(PluginSpecs.MASKED_PATHS, spec.security().maskedPaths());
        assertEquals(List.of(new DeviceSpec("/dev/fuse", "/dev/fuse", "rwm")), spec.devices());
        assertTrue(spec.deviceCgroupRules().isEmpty());
        PluginConfig all = config("""
                {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"],
                 "linux": {"allowAllDevices": true}}""");
        assertEquals("a", PluginSpecs.of(ID, all, PATHS, settings(List.of(), List.of(), Map.of()))
                .deviceCgroupRules().get(0).type());
    }

    @Test
    void aMountWithoutSourceIsRefused() {
        PluginConfig noSource = config("""
                {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"],
                 "mounts": [{"destination": "/data", "type": "bind", "options": ["rbind"]}]}""");
        EngineException e = assertThrows(EngineException.class,
                () -> PluginSpecs.of(ID, noSource, PATHS, settings(List.of(), List.of(), Map.of())));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("mount source is not specified"), e.getMessage());
    }

    @Test
    void pathsThePluginAnswersAreScopedToThePropagatedMountOrItsRootfs() {
        assertEquals("/data/p/propagated-mount/v1/data",
                PluginSpecs.hostPath("dirvol", DIRVOL, PATHS, "/mnt/volumes/v1/data"));
        assertEquals("/data/p/propagated-mount", PluginSpecs.hostPath("dirvol", DIRVOL, PATHS, "/mnt/volumes"));
        assertEquals("/data/p/rootfs/mnt/volumesX", PluginSpecs.hostPath("dirvol", DIRVOL, PATHS, "/mnt/volumesX"));
        assertEquals("/data/p/rootfs/srv/v", PluginSpecs.hostPath("dirvol", DIRVOL, PATHS, "/srv/v"));
        assertEquals("/data/p/rootfs/etc", PluginSpecs.hostPath("dirvol", DIRVOL, PATHS, "/mnt/volumes/../../../etc"));
        assertEquals("/run/wharf/plugins/aaaaaaaaaaaa-logging/f1",
                PluginSpecs.hostPath("dirvol", DIRVOL, PATHS, "/run/docker/logging/f1"));
    }

    @Test
    void aPathThroughALinkOutOfThePluginsDirectoriesIsRefused(@TempDir Path dir) throws IOException {
        PluginSpecs.HostPaths paths = new PluginSpecs.HostPaths(Files.createDirectories(dir.resolve("rootfs")),
                dir.resolve("sock"), Files.createDirectories(dir.resolve("propagated")), dir.resolve("log"));
        Files.createSymbolicLink(paths.rootfs().resolve("host"), Path.of("/"));
        Files.createSymbolicLink(paths.propagatedMount().resolve("etc"), Path.of("/etc"));
        Files.createDirectories(paths.propagatedMount().resolve("v1"));
        Files.createSymbolicLink(paths.propagatedMount().resolve("v2"), Path.of("v1"));
        for (String escaping : List.of("/host/etc", "/host", "/mnt/volumes/etc", "/mnt/volumes/etc/new/dir")) {
            EngineException e = assertThrows(EngineException.class,
                    () -> PluginSpecs.hostPath("dirvol", DIRVOL, paths, escaping), escaping);
            assertEquals(ErrorKind.FORBIDDEN, e.kind());
            assertTrue(e.getMessage().contains("plugin dirvol"), e.getMessage());
        }
        Path realPropagated = paths.propagatedMount().toRealPath();
        assertEquals(realPropagated.resolve("v1").toString(),
                PluginSpecs.hostPath("dirvol", DIRVOL, paths, "/mnt/volumes/v2"));
        assertEquals(realPropagated.resolve("v3/data").toString(),
                PluginSpecs.hostPath("dirvol", DIRVOL, paths, "/mnt/volumes/v3/data"));
    }

    @Test
    void aSetDevicePathReplacesTheConfigs() {
        PluginConfig fuse = config("""
                {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "x.sock"}, "entrypoint": ["/x"],
                 "linux": {"devices": [{"name": "fuse", "path": "/dev/fuse", "settable": ["path"]}]}}""");
        ContainerSpec spec = PluginSpecs.of(ID, fuse, PATHS, new PluginSpecs.Settings(List.of(), List.of(),
                Map.of(), Map.of("fuse", "/dev/null")));
        assertEquals(List.of(new DeviceSpec("/dev/null", "/dev/null", "rwm")), spec.devices());
    }

    private static PluginSpecs.Settings settings(List<String> env, List<String> args, Map<String, String> mounts) {
        return new PluginSpecs.Settings(env, args, mounts, Map.of());
    }

    private static List<String> namespaces(PluginConfig config) {
        return PluginSpecs.namespaces(config).stream().map(NamespaceSpec::type).toList();
    }
}
