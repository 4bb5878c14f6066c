package io.wharf.containers.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.support.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRecordTest {
    private static ContainerRecord created() {
        ContainerConfigJson config = new ContainerConfigJson();
        config.hostname = "abc";
        return new ContainerRecord("abc123", "2024-01-02T03:04:05Z", "/web", "sh", new ArrayList<>(List.of("-c")),
                config, "sha256:1", "overlay2", "/logs/abc123-json.log", new ArrayList<>(), new LinkedHashMap<>());
    }

    @Test
    void theStoredFileKeepsDockersNamesAndOrderAndReadsBack() throws Exception {
        ContainerRecord r = created();
        r.countRestart();
        r.useEtcFiles(Path.of("/c/hostname"), null, Path.of("/c/resolv.conf"));
        JsonNode json = Json.MAPPER.readTree(Json.bytes(r));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("ID", "Created", "Path", "Args", "Config", "State", "Image", "Name", "RestartCount",
                "Driver", "OS", "LogPath", "HostnamePath", "HostsPath", "ResolvConfPath", "MountPoints", "Networks",
                "Ports", "SandboxKey", "HasBeenStartedBefore", "HasBeenManuallyStopped"), names);

        ContainerRecord back = Json.MAPPER.readValue(Json.bytes(r), ContainerRecord.class);
        assertEquals("abc123", back.id);
        assertEquals("sh", back.path);
        assertEquals(List.of("-c"), back.args);
        assertEquals("abc", back.config.hostname);
        assertEquals("sha256:1", back.imageId);
        assertEquals("overlay2", back.driver);
        assertEquals("linux", back.os);
        assertEquals("/logs/abc123-json.log", back.logPath);
        assertEquals("/web", back.name());
        assertEquals(1, back.restartCount());
        assertEquals("/c/hostname", back.hostnamePath());
        assertEquals("", back.hostsPath());
        assertEquals("/c/resolv.conf", back.resolvConfPath());
    }

    @Test
    void transitions() {
        ContainerRecord r = created();
        r.stoppedByUser();
        r.countRestart();
        assertTrue(r.hasBeenManuallyStopped());
        r.startedByUser();
        assertFalse(r.hasBeenManuallyStopped());
        assertEquals(0, r.restartCount());
        r.startedOnce();
        assertTrue(r.hasBeenStartedBefore());
        r.rename("/api");
        assertEquals("/api", r.name());

        r.joinSandbox("/run/netns/x", Map.of("80/tcp", List.of()));
        assertEquals("/run/netns/x", r.sandboxKey());
        r.leaveSandbox();
        assertEquals("", r.sandboxKey());
        assertTrue(r.ports().isEmpty());

        EndpointRecord e = new EndpointRecord();
        r.connectNetwork("bridge", e);
        assertEquals(Map.of("bridge", e), r.networks());
        assertThrows(UnsupportedOperationException.class, () -> r.networks().remove("bridge"));
        r.disconnectNetwork("bridge");
        assertTrue(r.networks().isEmpty());
    }
}
