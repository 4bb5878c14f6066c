package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each driver bundle of a running wharfd is stopped and started again, with a container running: while it is
 * stopped, an operation that needs it gets an error in Docker's shape (never a 500) and the rest of the API
 * answers as before; once it is started, the operation answers as it did before the stop, and the host holds
 * exactly what it held (mounts, veths, nftables rules, monitors), the running container keeping its process.
 */
class DriverBundleStopStartIT {
    private static final String ACTIVE = String.valueOf(org.osgi.framework.Bundle.ACTIVE);
    private static final String RESOLVED = String.valueOf(org.osgi.framework.Bundle.RESOLVED);
    private static final String KEEPER = "keeper";
    /** Reads that every engine serves; a row names those its bundle takes down with it by design. */
    private static final List<String> READS = List.of("/version", "/containers/json", "/images/json", "/networks",
            "/volumes", "/plugins");

    @TempDir
    static Path work;
    private static Wharfd wharfd;
    private static Docker docker;
    private static BundleSwapper swapper;
    private static String keeperPid;

    /** A bundle, an operation that needs it (null: none in this daemon's setup), and the reads it takes down. */
    record Row(String bundle, String method, String path, String body, String cleanUp, List<String> downReads) {
        @Override
        public String toString() {
            return bundle;
        }
    }

    static Stream<Row> driverBundles() {
        String absentVolumeDriver = "{\"Name\":\"probe-plugin\",\"Driver\":\"wharf-probe-absent\"}";
        return Stream.of(
                new Row("io.wharf.storage.overlay", "GET", "/images/json", null, null,
                        List.of("/images/json", "/containers/json")),
                new Row("io.wharf.storage.vfs", null, null, null, null, List.of()),
                new Row("io.wharf.network.bridge", "POST", "/networks/create",
                        "{\"Name\":\"probe-bridge\",\"Driver\":\"bridge\"}", "/networks/probe-bridge", List.of()),
                new Row("io.wharf.volume.local", "POST", "/volumes/create", "{\"Name\":\"probe-local\"}",
                        "/volumes/probe-local", List.of()),
                // the plugin manager runs managed Docker plugins through the execution driver: it goes with it
                new Row("io.wharf.runtime.linux", "GET", "/containers/json", null, null,
                        List.of("/containers/json", "/plugins")),
                // the plugin manager installs plugins through the registry transport: it goes with it
                new Row("io.wharf.registry", "POST", "/images/create?fromImage=Upper/Case&tag=x", null, null,
                        List.of("/plugins")),
                new Row("io.wharf.builder", "POST", "/build/prune", null, null, List.of()),
                new Row("io.wharf.logging", null, null, null, null, List.of()),
                // ... and hands their sockets to the protocol adapters through plugin-protocol's PluginSockets
                new Row("io.wharf.plugins.protocol", "POST", "/volumes/create", absentVolumeDriver,
                        "/volumes/probe-plugin", List.of("/plugins")),
                new Row("io.wharf.volume.plugins", "POST", "/volumes/create", absentVolumeDriver,
                        "/volumes/probe-plugin", List.of()),
                new Row("io.wharf.network.plugins", "POST", "/networks/create",
                        "{\"Name\":\"probe-plugin-net\",\"Driver\":\"wharf-probe-absent\"}",
                        "/networks/probe-plugin-net", List.of()),
                new Row("io.wharf.log.plugins", "POST", "/containers/create?name=probe-log",
                        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],"
                                + "\"HostConfig\":{\"LogConfig\":{\"Type\":\"wharf-probe-absent\"}}}",
                        "/containers/probe-log?force=1", List.of()),
                new Row("io.wharf.authz.plugins", null, null, null, null, List.of()),
                new Row("io.wharf.plugin.manager", "GET", "/plugins", null, null, List.of("/plugins")));
    }

    @BeforeAll
    static void startDaemon() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        wharfd = new Wharfd("stopstart").withEnv("WHARF_PLUGINS_DIR", plugins.toString()).start();
        docker = wharfd.docker();
        docker.run("import", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        swapper = BundleSwapper.install(plugins, work);
        docker.run("volume", "create", "kept").ok();
        docker.run("run", "-d", "--name", KEEPER, "-v", "kept:/data", "busybox", "sh", "-c",
                "echo kept > /data/marker; while true; do sleep 1; done").ok();
        keeperPid = docker.run("inspect", "-f", "{{.State.Pid}}", KEEPER).ok().out().strip();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            docker.run("rm", "-f", KEEPER);
            docker.run("volume", "rm", "kept");
            wharfd.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("driverBundles")
    void stopAndStartLeavesNoHalfState(Row row) throws Exception {
        String before = HostState.of(wharfd);
        UnixHttp.Response up = operation(row);
        if (up != null) {
            assertNotEquals(500, up.status(), row + " needed by " + row.path() + " before the stop: " + up.body());
        }

        Properties stopped = swapper.stop(row.bundle());
        assertEquals(RESOLVED, stopped.getProperty("state"), row + ": " + stopped);
        try {
            assertStoppedCleanly(row, up, before);
        } finally {
            // started again even when the checks failed, so that the next rows run on a whole engine
            Properties started = swapper.start(row.bundle(), Integer.parseInt(stopped.getProperty("servicesBefore")));
            assertEquals(ACTIVE, started.getProperty("state"), row + ": " + started);
            assertEquals(stopped.getProperty("servicesBefore"), started.getProperty("services"),
                    row + " did not register its services again");
        }
        if (up != null) {
            UnixHttp.Response again = operation(row);
            assertEquals(up.status(), again.status(), row + " started again: " + row.path() + " " + again.body());
        }
        assertEquals(before, HostState.of(wharfd), "stopping and starting " + row + " changed the host");
        assertEquals("true " + keeperPid, docker.run("inspect", "-f", "{{.State.Running}} {{.State.Pid}}", KEEPER)
                .ok().out().strip(), "the running container after " + row + " came back");
        assertEquals("kept", docker.run("run", "--rm", "-v", "kept:/data", "busybox", "cat", "/data/marker").ok()
                .out().strip(), "a new container after " + row + " came back");
    }

    /** While the bundle is stopped: a clear error for what needs it, the rest as before, the host unchanged. */
    private static void assertStoppedCleanly(Row row, UnixHttp.Response up, String before) throws Exception {
        UnixHttp.Response down = operation(row);
        if (down != null) {
            System.out.println("with " + row + " stopped, " + row.method() + " " + row.path() + " answers "
                    + down.status() + " " + down.body().strip()); // what a client sees, for the README
        }
        if (down != null && down.status() != up.status()) {
            assertTrue(down.status() >= 400 && down.status() != 500 && down.body().contains("\"message\""),
                    row + " stopped: " + row.method() + " " + row.path() + " answers " + down.status() + " "
                            + down.body());
        }
        for (String read : READS) {
            if (!row.downReads().contains(read)) {
                assertEquals(200, wharfd.http().get(read).status(), read + " while " + row + " is stopped");
            }
        }
        assertTrue(Files.exists(Path.of("/proc", keeperPid)), "the running container's process with " + row
                + " stopped");
        assertEquals(before, HostState.of(wharfd), "stopping " + row + " changed the host");
    }

    /** The row's operation, and the removal of what it made; null when nothing in this setup needs the bundle. */
    private static UnixHttp.Response operation(Row row) throws Exception {
        if (row.method() == null) {
            return null;
        }
        byte[] body = row.body() == null ? null : row.body().getBytes(StandardCharsets.UTF_8);
        UnixHttp.Response reply = wharfd.http().send(row.method(), row.path(), body == null ? null : "application/json",
                body);
        if (row.cleanUp() != null && reply.status() < 300) {
            wharfd.http().send("DELETE", row.cleanUp(), null, null);
        }
        return reply;
    }
}
