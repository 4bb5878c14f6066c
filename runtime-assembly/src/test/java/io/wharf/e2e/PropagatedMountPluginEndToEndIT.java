package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A managed volume plugin that mounts a tmpfs per volume under its propagatedMount
 * (plugins-examples/volume-plugin-python with {@code --tmpfs}, CAP_SYS_ADMIN; it runs without a seccomp filter, as
 * dockerd runs plugins): the mount it makes in its own
 * container reaches the host, so a container writing to the volume and another reading it share the tmpfs, which
 * the host sees under the plugin's propagated-mount directory; {@code volume rm} unmounts it, and disable (with a
 * volume's tmpfs still mounted) and rm leave nothing of the plugin in the host's mount table. The same steps run
 * against Debian's dockerd.
 */
class PropagatedMountPluginEndToEndIT {
    private static final String NAME = "acme/tmpvol:latest";
    @TempDir
    Path work;

    @Test
    void aPluginsTmpfsPerVolumeIsSeenByTheHostAndByContainersUnderWharfd() throws Exception {
        try (Wharfd wharfd = new Wharfd("tmpvol")) {
            // this machine's / is private; on a systemd host it is shared, and so the socket dir's source is in a
            // peer group its bind into the plugin would join: the exec root is made such a shared mount here
            Path execRoot = Files.createDirectories(wharfd.execRoot);
            run("mount", "--bind", execRoot.toString(), execRoot.toString());
            try {
                run("mount", "--make-rshared", execRoot.toString());
                wharfd.start();
                scenario(wharfd.docker(), wharfd.dataRoot, true);
            } finally {
                run("umount", "--lazy", execRoot.toString());
            }
        }
    }

    @Test
    void theSamePluginUnderDebiansDockerd() throws Exception {
        try (TestDockerd dockerd = TestDockerd.start("tmpvol")) {
            scenario(dockerd.docker(), dockerd.dataRoot(), false); // its socket dir is rshared: no probe
        }
    }

    /**
     * Before it serves, the plugin mounts a tmpfs in its socket directory and binds a file over its
     * {@code /etc/resolv.conf}: wharfd binds both {@code rprivate}, so neither reaches the host, though the
     * plugin's root is {@code rshared}.
     */
    private static final String PROBING_ENTRYPOINT = """
            ["/usr/bin/python3", "-c", "import ctypes, os, sys; libc = ctypes.CDLL(None, use_errno=True);\
             os.makedirs('/run/docker/plugins/probe', exist_ok=True);\
             assert libc.mount(b'tmpfs', b'/run/docker/plugins/probe', b'tmpfs', 0, None) == 0;\
             assert libc.mount(b'/dirvol.py', b'/etc/resolv.conf', None, 4096, None) == 0;\
             os.execv(sys.executable, [sys.executable] + sys.argv[1:])", """;

    private void scenario(Docker docker, Path dataRoot, boolean probeBinds) throws Exception {
        Path dir = ExamplePlugins.managedPluginFolder(work.resolve("tmpvol"), "volume-plugin-python/dirvol.py", """
                {
                  "description": "dirvol with a tmpfs per volume, as a Docker managed plugin",
                  "entrypoint": %s"/dirvol.py", "--socket", "/run/docker/plugins/tmpvol.sock",
                                 "--root", "/mnt/volumes", "--tmpfs", "16m"],
                  "interface": {"types": ["docker.volumedriver/1.0"], "socket": "tmpvol.sock"},
                  "network": {"type": "none"},
                  "propagatedMount": "/mnt/volumes",
                  "linux": {"capabilities": ["CAP_SYS_ADMIN"]},
                  "mounts": [
                    %s
                  ]
                }
                """.formatted(probeBinds ? PROBING_ENTRYPOINT.strip() : "[\"/usr/bin/python3\", ",
                ExamplePlugins.HOST_PYTHON_MOUNTS));
        long hostResolvConfMounts = mountCountAt("/etc/resolv.conf");
        Files.createDirectories(dir.resolve("rootfs/mnt/volumes"));
        try {
            docker.run("plugin", "create", NAME, dir.toString()).ok();
            docker.run("plugin", "enable", NAME).ok();
            String id = docker.run("plugin", "inspect", "-f", "{{.Id}}", NAME).ok().out().strip();
            String status = Files.readString(pluginProcess(id).resolve("status"));
            assertTrue(status.contains("\nSeccomp:\t0\n"), "no seccomp filter, as dockerd: " + status);
            long effective = Long.parseLong(status.replaceAll("(?s).*\nCapEff:\t([0-9a-f]+)\n.*", "$1"), 16);
            assertTrue((effective & (1L << 21)) != 0, "CAP_SYS_ADMIN from linux.capabilities");
            if (probeBinds) {
                String inPlugin = Files.readString(pluginProcess(id).resolve("mountinfo"));
                assertTrue(inPlugin.contains(" /run/docker/plugins/probe "), "the plugin mounted: " + inPlugin);
                assertEquals(List.of(), mountPointsMentioning(id.substring(0, 12)).stream()
                        .filter(p -> p.endsWith("probe")).toList(), "its socket dir's mount stays in the plugin");
                assertEquals(hostResolvConfMounts, mountCountAt("/etc/resolv.conf"), "and so does its bind");
            }
            Path propagated = dataRoot.toRealPath().resolve("plugins").resolve(id).resolve("propagated-mount");
            Path volumeData = propagated.resolve("v1/data");

            docker.run("volume", "create", "-d", "acme/tmpvol", "v1").ok();
            assertEquals(List.of("tmpfs"), mountTypesAt(volumeData), "the plugin's tmpfs, seen by the host");
            docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
            docker.run("run", "--rm", "--network", "none", "-v", "v1:/x", "busybox",
                    "sh", "-c", "echo hi > /x/f").ok();
            assertEquals("hi\n", docker.run("run", "--rm", "--network", "none", "-v", "v1:/x", "busybox",
                    "cat", "/x/f").ok().out());
            assertEquals("hi\n", Files.readString(volumeData.resolve("f")), "in the tmpfs, as the host sees it");

            docker.run("volume", "rm", "v1").ok();
            assertEquals(List.of(), mountTypesAt(volumeData), "volume rm: the plugin unmounted it");
            docker.run("volume", "create", "-d", "acme/tmpvol", "v2").ok();
            assertEquals(List.of(propagated, propagated.resolve("v2/data")), mountPointsMentioning(id),
                    "the shared propagated mount and v2's tmpfs");
            docker.run("plugin", "disable", "-f", NAME).ok(); // v2 is left to the daemon to unmount
            assertEquals(List.of(), awaitNoMountMentioning(id), "disable leaves nothing mounted");
            docker.run("plugin", "rm", "-f", NAME).ok(); // v2 still names it
            assertEquals(List.of(), mountPointsMentioning(id));
            assertFalse(Files.exists(dataRoot.resolve("plugins").resolve(id)), "no files are left");
        } finally {
            docker.run("plugin", "rm", "-f", NAME);
        }
    }

    /**
     * The file system types mounted at {@code path} in the host's (this process's) mount table, each once: dockerd
     * makes its data root a shared mount and binds the propagated mount in that same peer group, so each mount the
     * plugin makes appears there twice, stacked.
     */
    private static List<String> mountTypesAt(Path path) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" "))
                .filter(f -> f[4].equals(path.toString()))
                .map(f -> f[List.of(f).indexOf("-") + 1]).distinct().toList();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor(), String.join(" ", command));
    }

    private static long mountCountAt(String path) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(path)).count();
    }

    /** /proc of the plugin's process: the one serving its socket (no other test uses that name). */
    private static Path pluginProcess(String id) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains("tmpvol.sock");
                } catch (IOException gone) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no process of plugin " + id));
        }
    }

    /** dockerd unmounts when it sees the plugin's exit, which its disable does not wait for: up to 10 s. */
    private static List<Path> awaitNoMountMentioning(String id) throws IOException, InterruptedException {
        for (int i = 0; i < 100 && !mountPointsMentioning(id).isEmpty(); i++) {
            Thread.sleep(100);
        }
        return mountPointsMentioning(id);
    }

    private static List<Path> mountPointsMentioning(String id) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(p -> p.contains(id)).distinct().map(Path::of).toList(); // each once, as above
    }
}
