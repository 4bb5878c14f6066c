package io.wharf.containers.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.containers.exec.ExecConfig;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import io.wharf.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire records as Jersey's plain ObjectMapper writes them: keys, order, and what Go's omitempty leaves out. */
class WireBodiesTest {
    private static final ObjectMapper JERSEY_MAPPER = new ObjectMapper();
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:05.000000006Z");
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:04Z");

    private static String json(Object body) throws Exception {
        return JERSEY_MAPPER.writeValueAsString(body);
    }

    @Test
    void waitSendsErrorOnlyWhenTheRunHadOne() throws Exception {
        assertEquals("{\"StatusCode\":3}", json(WaitBody.of(3, "")));
        assertEquals("{\"StatusCode\":3}", json(WaitBody.of(3, null)));
        assertEquals("{\"StatusCode\":127,\"Error\":{\"Message\":\"no such file\"}}",
                json(WaitBody.of(127, "no such file")));
    }

    @Test
    void pruneSendsNullRatherThanAnEmptyList() throws Exception {
        assertEquals("{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}", json(ContainerPruneBody.of(List.of(), 0)));
        assertEquals("{\"ContainersDeleted\":[\"a\",\"b\"],\"SpaceReclaimed\":7}",
                json(ContainerPruneBody.of(List.of("a", "b"), 7)));
    }

    @Test
    void smallAnswersKeepDockersKeys() throws Exception {
        assertEquals("{\"Id\":\"abc\",\"Warnings\":[]}", json(new ContainerCreateBody("abc", List.of())));
        assertEquals("{\"Id\":\"abc\"}", json(new IdBody("abc")));
        assertEquals("{\"Warnings\":[\"w\"]}", json(new UpdateBody(List.of("w"))));
        assertEquals("{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":[[\"1\",\"sh\"]]}",
                json(new TopBody(List.of("PID", "CMD"), List.of(List.of("1", "sh")))));
    }

    @Test
    void statsOfAStoppedContainerAreDockersZeros() throws Exception {
        assertEquals("{\"name\":\"/web\",\"id\":\"abc\",\"read\":\"2026-01-02T03:04:05.000000006Z\","
                + "\"preread\":\"0001-01-01T00:00:00Z\",\"pids_stats\":{\"current\":0},\"blkio_stats\":{"
                + "\"io_service_bytes_recursive\":null,\"io_serviced_recursive\":null,\"io_queue_recursive\":null,"
                + "\"io_service_time_recursive\":null,\"io_wait_time_recursive\":null,\"io_merged_recursive\":null,"
                + "\"io_time_recursive\":null,\"sectors_recursive\":null},\"num_procs\":0,\"storage_stats\":{},"
                + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
                + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
                + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
                + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,"
                + "\"throttled_time\":0}},\"memory_stats\":{}}",
                json(StatsBody.of("abc", "/web", null, T1, null, null)));
    }

    @Test
    void statsOfACgroupV1SampleCarryPerCpuMaxUsageAndDevices() throws Exception {
        Map<String, ContainerStats.NetworkStats> nets = new LinkedHashMap<>();
        nets.put("eth0", new ContainerStats.NetworkStats(1, 2, 3, 4, 5, 6, 7, 8));
        ContainerStats v1 = new ContainerStats(100, List.of(60L, 40L), 30, 70, 9000, 2, 1, 5, 4096, 8192, 1 << 20,
                Map.of("cache", 12L), 3, 10, nets, List.of(new ContainerStats.BlkioEntry(8, 0, "Read", 512)));
        var tree = JERSEY_MAPPER.valueToTree(StatsBody.of("abc", "/web", v1, T1, v1, T0));
        assertEquals("2026-01-02T03:04:04Z", tree.get("preread").asText());
        assertEquals("{\"current\":3,\"limit\":10}", tree.get("pids_stats").toString());
        assertEquals("{\"cpu_usage\":{\"total_usage\":100,\"percpu_usage\":[60,40],\"usage_in_kernelmode\":30,"
                + "\"usage_in_usermode\":70},\"system_cpu_usage\":9000,\"online_cpus\":2,\"throttling_data\":{"
                + "\"periods\":0,\"throttled_periods\":1,\"throttled_time\":5}}", tree.get("cpu_stats").toString());
        assertEquals(tree.get("cpu_stats"), tree.get("precpu_stats"));
        assertEquals("{\"usage\":4096,\"max_usage\":8192,\"stats\":{\"cache\":12},\"limit\":1048576}",
                tree.get("memory_stats").toString());
        assertEquals("[{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":512}]",
                tree.get("blkio_stats").get("io_service_bytes_recursive").toString());
        assertEquals("{\"eth0\":{\"rx_bytes\":1,\"rx_packets\":2,\"rx_errors\":3,\"rx_dropped\":4,\"tx_bytes\":5,"
                + "\"tx_packets\":6,\"tx_errors\":7,\"tx_dropped\":8}}", tree.get("networks").toString());
    }

    @Test
    void statsOfACgroupV2SampleLeaveOutTheV1OnlyFields() throws Exception {
        ContainerStats v2 = new ContainerStats(100, List.of(), 30, 70, 9000, 2, 0, 0, 4096, 0, 0, null, 1, 0,
                Map.of(), List.of());
        var tree = JERSEY_MAPPER.valueToTree(StatsBody.of("abc", "/web", v2, T1, null, null));
        assertEquals("{\"total_usage\":100,\"usage_in_kernelmode\":30,\"usage_in_usermode\":70}",
                tree.get("cpu_stats").get("cpu_usage").toString());
        assertEquals("{\"usage\":4096,\"stats\":{},\"limit\":0}", tree.get("memory_stats").toString());
        assertEquals("{\"current\":1}", tree.get("pids_stats").toString());
        assertEquals(false, tree.has("networks"));
        assertEquals("0001-01-01T00:00:00Z", tree.get("preread").asText());
    }

    @Test
    void execInspectLeavesOutAnEmptyUserAndSendsANullExitCodeWhileRunning() throws Exception {
        ExecInspectBody running = new ExecInspectBody(false, "c", "", null, "e", true, false, true,
                new ExecInspectBody.ProcessConfig(false, "echo", List.of("hi"), false, ""), true, 42);
        assertEquals("{\"CanRemove\":false,\"ContainerID\":\"c\",\"DetachKeys\":\"\",\"ExitCode\":null,\"ID\":\"e\","
                + "\"OpenStderr\":true,\"OpenStdin\":false,\"OpenStdout\":true,\"ProcessConfig\":{\"tty\":false,"
                + "\"entrypoint\":\"echo\",\"arguments\":[\"hi\"],\"privileged\":false},\"Running\":true,\"Pid\":42}",
                json(running));
        assertEquals("{\"tty\":true,\"entrypoint\":\"id\",\"arguments\":[],\"privileged\":true,\"user\":\"nobody\"}",
                json(new ExecInspectBody.ProcessConfig(true, "id", List.of(), true, "nobody")));
    }

    @Test
    void mountsNameTheirVolumeAndDriverOnlyForVolumes() throws Exception {
        MountPointRecord bind = new MountPointRecord("bind", "/host", "/data", false, "ro", "rprivate", List.of());
        assertEquals("{\"Type\":\"bind\",\"Source\":\"/host\",\"Destination\":\"/data\",\"Mode\":\"ro\",\"RW\":false,"
                + "\"Propagation\":\"rprivate\"}", json(MountPointBody.of(bind)));
        MountPointRecord volume = new MountPointRecord("volume", "", "/v", true, "", "", List.of());
        volume.volumeCreated("gvol", "local", "/var/lib/wharf/volumes/gvol/_data");
        assertEquals("{\"Type\":\"volume\",\"Name\":\"gvol\",\"Source\":\"/var/lib/wharf/volumes/gvol/_data\","
                + "\"Destination\":\"/v\",\"Driver\":\"local\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"\"}",
                json(MountPointBody.of(volume)));
    }

    @Test
    void listPortsNameTheHostSideOnlyWhenPublished() throws Exception {
        assertEquals("{\"PrivatePort\":80,\"Type\":\"tcp\"}",
                json(new ContainerSummaryBody.Port(null, 80, null, "tcp")));
        assertEquals("{\"IP\":\"127.0.0.1\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"}",
                json(new ContainerSummaryBody.Port("127.0.0.1", 80, 8080, "tcp")));
    }

    @Test
    void multiplexedLogsHaveTheirOwnContentTypeFromApi142() {
        ContainersBackend.LogStream multiplexed = new ContainersBackend.LogStream(true, out -> { });
        assertEquals("application/vnd.docker.raw-stream", multiplexed.contentType("1.41"));
        assertEquals("application/vnd.docker.multiplexed-stream", multiplexed.contentType("1.42"));
        assertEquals("application/vnd.docker.multiplexed-stream", multiplexed.contentType(null));
        assertEquals("application/vnd.docker.raw-stream",
                new ContainersBackend.LogStream(false, out -> { }).contentType("1.50"));
    }

    @Test
    void execRequestsReadGoZeroValuesAndRefuseMistypedFields() {
        ExecConfig bare = Json.readRequest(utf8("{\"Cmd\":[\"true\"]}"), ExecConfig.class);
        assertEquals(new ExecConfig(false, false, false, "", false, null, List.of("true"), false, "", "", null), bare);
        ExecConfig nulls = Json.readRequest(utf8("{\"DetachKeys\":null,\"User\":null,\"Cmd\":null}"), ExecConfig.class);
        assertEquals(List.of(), nulls.cmd());
        assertEquals("", nulls.detachKeys());
        assertEquals("", nulls.user());
        EngineException e = assertThrows(EngineException.class,
                () -> Json.readRequest(utf8("{\"Cmd\":[\"true\"],\"ConsoleSize\":\"big\"}"), ExecConfig.class));
        assertEquals(400, e.kind().httpStatus());
        assertEquals(400, assertThrows(EngineException.class,
                () -> Json.readRequest(utf8("{\"Detach\":\"yes\"}"), ExecConfig.Start.class)).kind().httpStatus());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
