package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.ContainerConfig;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness(tmp);
        h.images.add("app", new ContainerConfig("app", Map.of("80/tcp", Map.of()), List.of("A=1", "B=2"),
                List.of("/entry.sh"), List.of("serve"), Map.of("/data", Map.of()), "/srv", Map.of("img", "x", "k", "i"),
                "SIGQUIT", null, new ContainerConfig.Healthcheck(List.of("CMD", "true"), 1_000_000_000L, null, null,
                null, 2), null, null));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static final String NONE = "\"HostConfig\":{\"NetworkMode\":\"none\"}";

    @Test
    void mergesImageConfigWithRequest() {
        String id = h.create("{\"Image\":\"app\",\"Env\":[\"B=3\",\"C=4\"],\"Labels\":{\"k\":\"req\"}," + NONE + "}");
        ContainerRecord r = h.get(id).record();
        assertEquals(List.of("B=3", "C=4", "A=1"), r.config.env);
        assertEquals("/entry.sh", r.path);
        assertEquals(List.of("serve"), r.args);
        assertEquals("app", r.config.user);
        assertEquals("/srv", r.config.workingDir);
        assertEquals("SIGQUIT", r.config.stopSignal);
        assertEquals(Map.of("img", "x", "k", "req"), r.config.labels);
        assertTrue(r.config.exposedPorts.containsKey("80/tcp"));
        assertTrue(r.config.volumes.containsKey("/data"));
        assertEquals(2, r.config.healthcheck.retries());
        assertEquals(id.substring(0, 12), r.config.hostname);
        assertEquals(r.imageId, h.images.byName.get("app").id().toString());
    }

    @Test
    void entrypointInRequestDropsImageCmd() {
        String id = h.create("{\"Image\":\"app\",\"Entrypoint\":[\"/bin/echo\"]," + NONE + "}");
        ContainerRecord r = h.get(id).record();
        assertEquals("/bin/echo", r.path);
        assertEquals(List.of(), r.args);
    }

    @Test
    void emptyEntrypointResetsIt() {
        String id = h.create("{\"Image\":\"app\",\"Entrypoint\":[\"\"],\"Cmd\":[\"ls\",\"-l\"]," + NONE + "}");
        ContainerRecord r = h.get(id).record();
        assertEquals("ls", r.path);
        assertEquals(List.of("-l"), r.args);
        assertNull(r.config.entrypoint);
    }

    @Test
    void cmdInRequestKeepsImageEntrypoint() {
        String id = h.create("{\"Image\":\"app\",\"Cmd\":[\"debug\"]," + NONE + "}");
        assertEquals("/entry.sh", h.get(id).record().path);
        assertEquals(List.of("debug"), h.get(id).record().args);
    }

    @Test
    void explicitNullsInHostConfigKeepTheDefaults() {
        // docker-java sends nested objects it has no value for as null
        String id = h.create("{\"Image\":\"app\",\"HostConfig\":{\"NetworkMode\":\"none\",\"LogConfig\":null,"
                + "\"RestartPolicy\":null}}");
        HostConfig hc = h.get(id).hostConfig();
        assertEquals("json-file", hc.logConfig.type);
        assertEquals(java.util.Map.of(), hc.logConfig.config);
        org.junit.jupiter.api.Assertions.assertNotNull(hc.restartPolicy);
    }

    @Test
    void missingImageIs404WithDockerWording() {
        EngineException e = assertThrows(EngineException.class, () -> h.create("{\"Image\":\"nope\"," + NONE + "}"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("No such image: nope", e.getMessage());
    }

    @Test
    void bridgeNetworkingIsRefusedClearly() {
        EngineException e = assertThrows(EngineException.class, () -> h.create("{\"Image\":\"busybox\"}"));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("networking is not available"), e.getMessage());
        e = assertThrows(EngineException.class, () -> h.create(
                "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"mynet\"}}"));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
    }

    @Test
    void hostNetworkUsesHostHostname() {
        String id = h.create("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"host\"}}");
        assertEquals("hosty", h.get(id).record().config.hostname);
    }

    @Test
    void namesAreValidatedAndUnique() {
        String id = h.create("web", "{\"Image\":\"busybox\"," + NONE + "}");
        assertEquals("/web", h.get("web").name());
        EngineException e = assertThrows(EngineException.class,
                () -> h.create("/web", "{\"Image\":\"busybox\"," + NONE + "}"));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("Conflict. The container name \"/web\" is already in use by container \"" + id
                + "\". You have to remove (or rename) that container to be able to reuse that name.", e.getMessage());
        e = assertThrows(EngineException.class, () -> h.create("a", "{\"Image\":\"busybox\"," + NONE + "}"));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        e = assertThrows(EngineException.class, () -> h.create("-x", "{\"Image\":\"busybox\"," + NONE + "}"));
        assertEquals("Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", e.getMessage());
    }

    @Test
    void randomNamesLookLikeDockers() {
        String id = h.create("{\"Image\":\"busybox\"," + NONE + "}");
        assertTrue(h.get(id).name().matches("/[a-z]+_[a-z]+\\d?"), h.get(id).name());
    }

    @Test
    void defaultsAreFilledLikeDockerd() {
        String id = h.create("{\"Image\":\"busybox\"," + NONE + "}");
        HostConfig hc = h.get(id).hostConfig();
        assertEquals(64L * 1024 * 1024, hc.shmSize);
        assertEquals("runc", hc.runtime);
        assertEquals("no", hc.restartPolicy.name);
        assertEquals("json-file", hc.logConfig.type);
        assertEquals(12, hc.maskedPaths.size());
        assertEquals(5, hc.readonlyPaths.size());
    }

    @Test
    void validationMessagesAreDockers() {
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"RestartPolicy\":{\"Name\":\"sometimes\"}}}",
                "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Memory\":-1}}",
                "Minimum memory limit allowed is 6MB");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"NanoCpus\":1000000000,\"CpuPeriod\":100000}}",
                "Conflicting options: Nano CPUs and CPU Period cannot both be set");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}",
                "can't create 'AutoRemove' container with restart policy");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"CapAdd\":[\"FLY\"]}}",
                "unknown capability: \"CAP_FLY\"");
        assertInvalid("{\"Image\":\"busybox\",\"WorkingDir\":\"rel\"," + NONE + "}",
                "the working directory 'rel' is invalid, it needs to be an absolute path");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/does/not/exist\",\"Target\":\"/x\"}]}}",
                "invalid mount config for type \"bind\": bind source path does not exist: /does/not/exist");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Binds\":[\"/tmp:rel\"]}}",
                "invalid volume specification: '/tmp:rel': invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute");
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Memory\":\"lots\"}}", null);
        assertTrue(h.index.all().isEmpty(), "failed creates leave nothing behind");
        String id = h.create("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Binds\":[\"vol:/x:ro\"]}}");
        var m = h.get(id).record().mountPoints.get(0);
        assertEquals("volume", m.type);
        assertEquals("vol", m.name);
        assertEquals(h.volumeService.get("vol").mountpoint(), m.source);
        assertEquals(false, m.rw);
    }

    @Test
    void typedHostConfigListsAndVolumeOptionsAreReadAndKept() throws Exception {
        String id = h.create("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\","
                + "\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":300}],"
                + "\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":1048576}],"
                + "\"DeviceRequests\":[{\"Driver\":\"nvidia\",\"Count\":-1,\"Capabilities\":[[\"gpu\"]]}],"
                + "\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"opts\",\"Target\":\"/o\",\"VolumeOptions\":{"
                + "\"NoCopy\":true,\"Labels\":{\"team\":\"db\"},\"DriverConfig\":{\"Name\":\"local\","
                + "\"Options\":{\"type\":\"tmpfs\"}}}}]}}");
        HostConfig hc = h.get(id).hostConfig();
        assertEquals(List.of(new HostConfig.WeightDevice("/dev/sda", 300)), hc.blkioWeightDevice);
        assertEquals(List.of(new HostConfig.ThrottleDevice("/dev/sda", 1048576)), hc.blkioDeviceReadBps);
        assertEquals(List.of(List.of("gpu")), hc.deviceRequests.get(0).capabilities());
        var volume = h.volumeService.get("opts");
        assertEquals(Map.of("team", "db"), volume.labels());
        assertEquals(Map.of("type", "tmpfs"), volume.options());
        assertEquals(false, h.get(id).record().mountPoints.get(0).copyData);
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\","
                + "\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":\"heavy\"}]}}", null);
        assertInvalid("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Mounts\":[{"
                + "\"Type\":\"volume\",\"Target\":\"/o\",\"VolumeOptions\":{\"Labels\":[\"team=db\"]}}]}}", null);
    }

    private void assertInvalid(String json, String message) {
        EngineException e = assertThrows(EngineException.class, () -> h.create(json));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void bindsAndTmpfsBecomeMountPoints() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        String id = h.create("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\",\"Binds\":[\"" + src
                + ":/data:ro\"],\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/scratch\"}],\"Tmpfs\":{\"/run\":\"size=1m\"}}}");
        List<ContainerRecord.MountPointRecord> m = h.get(id).record().mountPoints;
        assertEquals(2, m.size());
        assertEquals("/data", m.get(0).destination);
        assertEquals(false, m.get(0).rw);
        assertEquals("ro", m.get(0).mode);
        assertEquals("rprivate", m.get(0).propagation);
        assertEquals("tmpfs", m.get(1).type);
        assertThrows(EngineException.class, () -> h.create("{\"Image\":\"busybox\",\"HostConfig\":{"
                + "\"NetworkMode\":\"none\",\"Binds\":[\"" + src + ":/d\"],\"Tmpfs\":{\"/d\":\"\"}}}"));
    }

    @Test
    void storedAndReloaded() throws Exception {
        String id = h.create("keep", "{\"Image\":\"busybox\"," + NONE + "}");
        assertTrue(Files.isRegularFile(tmp.resolve("containers").resolve(id).resolve("config.v2.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("containers").resolve(id).resolve("hostconfig.json")));
        try (Harness again = new Harness(tmp, h.driver, h.images)) {
            Container c = again.get("keep");
            assertEquals(id, c.id());
            assertEquals("none", c.hostConfig().networkMode);
            assertEquals("created", c.state().status());
        }
    }
}
