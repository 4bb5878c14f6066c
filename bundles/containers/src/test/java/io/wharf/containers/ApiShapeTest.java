package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.HijackRequest;
import io.wharf.api.rest.HijackedEndpoint;
import io.wharf.api.rest.RawStream;
import io.wharf.api.runtime.StreamType;
import io.wharf.containers.attach.AttachEndpoint;
import io.wharf.containers.exec.ExecStartEndpoint;
import io.wharf.containers.rest.ContainerPruneBody;
import io.wharf.containers.rest.ContainerSummaryBody;
import io.wharf.containers.rest.ExecInspectBody;
import io.wharf.containers.rest.ExecResource;
import io.wharf.containers.rest.IdBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON the endpoints answer, serialised as Jersey's plain ObjectMapper does, against dockerd's keys. */
class ApiShapeTest {
    private static final ObjectMapper JERSEY_MAPPER = new ObjectMapper();
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String create(String name, String extra) {
        return h.create(name, "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1 day\"],\"Labels\":{\"tier\":\"web\"}"
                + extra + ",\"HostConfig\":{\"NetworkMode\":\"none\"}}");
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void inspectHasDockersKeys() throws Exception {
        String id = create("web", "");
        JsonNode j = JERSEY_MAPPER.valueToTree(h.resource.inspect(id, null));
        assertEquals(new TreeSet<>(List.of("Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath",
                "HostnamePath", "HostsPath", "LogPath", "Name", "RestartCount", "Driver", "Platform", "MountLabel",
                "ProcessLabel", "AppArmorProfile", "ExecIDs", "HostConfig", "GraphDriver", "Mounts", "Config",
                "NetworkSettings")), keys(j));
        assertEquals(new TreeSet<>(List.of("Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid",
                "ExitCode", "Error", "StartedAt", "FinishedAt")), keys(j.get("State")));
        assertEquals("created", j.get("State").get("Status").asText());
        assertEquals("0001-01-01T00:00:00Z", j.get("State").get("StartedAt").asText());
        assertEquals("/web", j.get("Name").asText());
        assertEquals(List.of("1 day"), List.of(j.get("Args").get(0).asText()));
        Set<String> config = keys(j.get("Config"));
        assertTrue(config.containsAll(List.of("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
                "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir",
                "Entrypoint", "OnBuild", "Labels")), config.toString());
        Set<String> hc = keys(j.get("HostConfig"));
        assertTrue(hc.containsAll(List.of("Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings",
                "RestartPolicy", "AutoRemove", "VolumeDriver", "VolumesFrom", "ConsoleSize", "CapAdd", "CapDrop",
                "CgroupnsMode", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode", "Cgroup",
                "Links", "OomScoreAdj", "PidMode", "Privileged", "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt",
                "UTSMode", "UsernsMode", "ShmSize", "Runtime", "Isolation", "CpuShares", "Memory", "NanoCpus",
                "CgroupParent", "BlkioWeight", "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps",
                "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuPeriod", "CpuQuota", "CpuRealtimePeriod",
                "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "Devices", "DeviceCgroupRules", "DeviceRequests",
                "MemoryReservation", "MemorySwap", "MemorySwappiness", "OomKillDisable", "PidsLimit", "Ulimits",
                "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "MaskedPaths", "ReadonlyPaths")),
                hc.toString());
        assertEquals(Set.of("Name", "MaximumRetryCount"), keys(j.get("HostConfig").get("RestartPolicy")));
        assertTrue(j.get("HostConfig").get("Binds").isNull());
        JsonNode none = j.get("NetworkSettings").get("Networks").get("none");
        assertEquals("", none.get("IPAddress").asText());
        assertTrue(keys(j.get("NetworkSettings")).containsAll(List.of("SandboxID", "SandboxKey", "Ports",
                "Networks", "IPAddress", "Gateway", "MacAddress")));
        assertEquals(Set.of("Data", "Name"), keys(j.get("GraphDriver")));
        JsonNode sized = JERSEY_MAPPER.valueToTree(h.resource.inspect(id, "1"));
        assertEquals(42, sized.get("SizeRw").asLong());
    }

    @Test
    void healthShowsInStateWhenConfigured() {
        String id = create("hc", ",\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000}");
        h.engine.start(h.get(id));
        JsonNode j = JERSEY_MAPPER.valueToTree(h.resource.inspect(id, null));
        assertEquals("starting", j.get("State").get("Health").get("Status").asText());
        assertEquals(Set.of("Status", "FailingStreak", "Log"), keys(j.get("State").get("Health")));
    }

    @Test
    void listShapeAndFilters() throws Exception {
        String a = create("alpha", "");
        String b = h.create("beta", "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"host\"}}");
        h.engine.start(h.get(a));
        List<ContainerSummaryBody> running = h.resource.list(null, null, null, null);
        assertEquals(1, running.size());
        JsonNode s = JERSEY_MAPPER.valueToTree(running.get(0));
        assertEquals(new TreeSet<>(List.of("Id", "Names", "Image", "ImageID", "Command", "Created", "Ports", "Labels",
                "State", "Status", "HostConfig", "NetworkSettings", "Mounts")), keys(s));
        assertEquals("/alpha", s.get("Names").get(0).asText());
        assertEquals("sleep '1 day'", s.get("Command").asText());
        assertTrue(s.get("Status").asText().startsWith("Up "), s.get("Status").asText());
        assertEquals("none", s.get("HostConfig").get("NetworkMode").asText());
        assertTrue(s.get("NetworkSettings").get("Networks").has("none"));

        assertEquals(2, h.resource.list("1", null, null, null).size());
        assertEquals(b, h.resource.list("1", null, null, "{\"status\":{\"created\":true}}").get(0).id());
        assertEquals(1, h.resource.list("1", null, null, "{\"label\":[\"tier=web\"]}").size());
        assertEquals(1, h.resource.list("1", null, null, "{\"name\":[\"alp\"]}").size());
        assertEquals(1, h.resource.list("1", null, null, "{\"network\":[\"host\"]}").size());
        assertEquals(1, h.resource.list("1", null, null, "{\"id\":[\"" + a.substring(0, 5) + "\"]}").size());
        assertEquals(1, h.resource.list("1", null, null, "{\"since\":[\"alpha\"]}").size());
        assertEquals(1, h.resource.list(null, "1", null, null).size());
        assertEquals(42L, h.resource.list("1", null, "1", null).get(0).sizeRw());
        assertThrows(EngineException.class, () -> h.resource.list("1", null, null, "{\"status\":[\"sleeping\"]}"));
        assertThrows(EngineException.class, () -> h.resource.list("1", null, null, "{\"colour\":[\"red\"]}"));
        h.driver.procs.get(a).exit(2);
        LifecycleTest.eventually(() -> !h.get(a).isRunning());
        assertEquals(1, h.resource.list("1", null, null, "{\"exited\":[\"2\"]}").size());
        String status = h.resource.list("1", null, null, "{\"exited\":[\"2\"]}").get(0).status();
        assertTrue(status.startsWith("Exited (2) "), status);
    }

    @Test
    void waitAnswersAfterTheExit() throws Exception {
        String id = create("waiter", "");
        Response r = h.resource.waitFor(id, "next-exit");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                ((StreamingOutput) r.getEntity()).write(out);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        h.engine.start(h.get(id));
        h.driver.procs.get(id).exit(3);
        t.join(5000);
        assertEquals("{\"StatusCode\":3}", out.toString(StandardCharsets.UTF_8).trim());
        assertEquals(400, assertThrows(EngineException.class, () -> h.resource.waitFor(id, "later")).kind()
                .httpStatus());
    }

    @Test
    void pruneRemovesStoppedContainers() {
        String keep = create("keep", "");
        String gone = create("gone", "");
        h.engine.start(h.get(keep));
        ContainerPruneBody report = h.resource.prune("{\"label\":[\"tier=web\"]}");
        assertEquals(List.of(gone), report.containersDeleted());
        assertEquals(42L, report.spaceReclaimed());
        assertTrue(h.index.find(keep) != null);
    }

    @Test
    void logsEndpointRequiresAStreamAndPicksTheContentType() throws Exception {
        String id = create("logs1", "");
        assertThrows(EngineException.class, () -> h.resource.logs(id, null, null, null, null, null, null, null, null));
        java.nio.file.Files.writeString(Path.of(h.get(id).record().logPath),
                "2024-05-01T10:00:00.000000000Z stdout F hello\n");
        Response r = h.resource.logs(id, null, "1", "1", null, null, null, null, "1.50");
        assertEquals("application/vnd.docker.multiplexed-stream", r.getMediaType().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) r.getEntity()).write(out);
        assertEquals("1:hello\n", LogsTest.demux(out.toByteArray()));
    }

    /** A hijacked connection whose client side the test drives. */
    static final class FakeRaw implements RawStream {
        final PipedOutputStream client = new PipedOutputStream();
        final PipedInputStream in;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        FakeRaw() throws IOException {
            in = new PipedInputStream(client, 1 << 16);
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }
    }

    private static HijackRequest request(String path, String query, String body) {
        Map<String, List<String>> q = new java.util.LinkedHashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], List.of(p[1]));
            }
        }
        return new HijackRequest("POST", path, q, Map.of(), body == null ? new byte[0]
                : body.getBytes(StandardCharsets.UTF_8), "1.50");
    }

    @Test
    void attachBeforeStartSeesTheFirstOutputAndForwardsStdin() throws Exception {
        String id = h.create("att", "{\"Image\":\"busybox\",\"OpenStdin\":true,\"StdinOnce\":true,"
                + "\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        HijackedEndpoint.Session session = new AttachEndpoint(h.engine).open(request("/containers/" + id + "/attach",
                "stream=1&stdin=1&stdout=1&stderr=1", null));
        FakeRaw raw = new FakeRaw();
        Thread t = new Thread(() -> {
            try {
                session.run(raw);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        h.engine.start(h.get(id));
        List<String> calls = h.driver.calls;
        assertTrue(calls.indexOf("attach " + id) < calls.indexOf("start " + id), calls.toString());
        FakeDriver.FakeIo io = h.driver.procs.get(id).ios.get(0);
        raw.client.write("input".getBytes());
        raw.client.close(); // the client's EOF: a StdinOnce container without TTY gets EOF on stdin
        LifecycleTest.eventually(() -> io.stdinClosed);
        assertEquals("input", io.stdinBytes.toString());
        h.driver.procs.get(id).output(StreamType.STDOUT, "out");
        h.driver.procs.get(id).output(StreamType.STDERR, "err");
        h.driver.procs.get(id).exit(0);
        t.join(5000);
        assertEquals("1:out2:err", LogsTest.demux(raw.out.toByteArray()));
    }

    @Test
    void detachKeysEndTheAttachWithoutStoppingTheContainer() throws Exception {
        String id = h.create("tty", "{\"Image\":\"busybox\",\"OpenStdin\":true,\"Tty\":true,"
                + "\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        h.engine.start(h.get(id));
        HijackedEndpoint.Session session = new AttachEndpoint(h.engine).open(request("/containers/" + id + "/attach",
                "stream=1&stdin=1&stdout=1", null));
        FakeRaw raw = new FakeRaw();
        Thread t = new Thread(() -> {
            try {
                session.run(raw);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        LifecycleTest.eventually(() -> !h.driver.procs.get(id).ios.isEmpty());
        h.driver.procs.get(id).output(StreamType.STDOUT, "raw");
        LifecycleTest.eventually(() -> raw.out.size() == 3);
        raw.client.write(new byte[] {'l', 's', 16, 17});
        raw.client.flush();
        t.join(5000);
        assertTrue(!t.isAlive());
        assertEquals("raw", raw.out.toString());
        assertEquals("ls", h.driver.procs.get(id).ios.get(0).stdinBytes.toString());
        assertTrue(h.get(id).isRunning());
        assertTrue(h.actions(id).contains("detach"));
    }

    @Test
    void execRunsAndReportsItsExitCode() throws Exception {
        String id = create("ex", "");
        assertEquals(409, assertThrows(EngineException.class, () -> h.resource.exec(id,
                new ByteArrayInputStream("{\"Cmd\":[\"ls\"]}".getBytes()))).kind().httpStatus());
        h.engine.start(h.get(id));
        Response created = h.resource.exec(id, new ByteArrayInputStream(
                "{\"Cmd\":[\"exit\",\"3\"],\"AttachStdout\":true,\"AttachStderr\":true}".getBytes()));
        assertEquals(201, created.getStatus());
        String execId = ((IdBody) created.getEntity()).id();
        ExecResource execs = new ExecResource(h.execs);
        assertNull(execs.inspect(execId).exitCode());
        HijackedEndpoint.Session session = new ExecStartEndpoint(h.execs).open(request("/exec/" + execId + "/start",
                null, "{\"Detach\":false,\"Tty\":false}"));
        FakeRaw raw = new FakeRaw();
        session.run(raw);
        assertEquals("1:ran exit 3\n", LogsTest.demux(raw.out.toByteArray()));
        ExecInspectBody inspect = execs.inspect(execId);
        assertEquals(3, inspect.exitCode());
        assertEquals(false, inspect.running());
        assertEquals(id, inspect.containerId());
        assertEquals(409, assertThrows(EngineException.class, () -> new ExecStartEndpoint(h.execs).open(
                request("/exec/" + execId + "/start", null, "{}"))).kind().httpStatus());
        assertEquals(404, assertThrows(EngineException.class, () -> execs.inspect("nope")).kind().httpStatus());
        List<String> actions = new ArrayList<>(h.actions(id));
        assertTrue(actions.contains("exec_create: exit 3"));
        assertTrue(actions.contains("exec_die"));
    }

    @Test
    void detachedExecIsNotHijacked() throws Exception {
        String id = create("dex", "");
        h.engine.start(h.get(id));
        String execId = ((IdBody) h.resource.exec(id, new ByteArrayInputStream(
                "{\"Cmd\":[\"true\"]}".getBytes())).getEntity()).id();
        assertNull(new ExecStartEndpoint(h.execs).open(request("/exec/" + execId + "/start", null,
                "{\"Detach\":true}")));
    }
}
