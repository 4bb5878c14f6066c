package io.wharf.networks.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.networks.core.Harness;
import io.wharf.networks.store.NetworkStore;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * POST /networks/create with any body: a network is created, or the client hears a 4xx (or a 501 for what Wharf
 * does not do), never a server fault. A created network can be inspected, is read back from its state file as a
 * restarted daemon reads it, and is removed again.
 */
class NetworkCreateFuzzTest {
    private static final ObjectMapper JERSEY = new ObjectMapper();
    private Path root;
    private Harness harness;
    private NetworksResource resource;

    @BeforeEach
    void start() throws Exception {
        root = Files.createTempDirectory("wharf-network-fuzz");
        harness = new Harness(root);
        resource = new NetworksResource(new NetworkManagerBackend(harness.startAll(), Clock.systemUTC()));
    }

    @AfterEach
    void stop() throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"{\"Name\":", "\"Driver\":", "\"bridge\"", "\"host\"", "\"null\"", "\"Scope\":", "\"local\"",
        "\"Internal\":true", "\"Attachable\":", "\"Ingress\":", "\"ConfigOnly\":", "\"ConfigFrom\":{\"Network\":",
        "\"IPAM\":{", "\"Config\":[{", "\"Subnet\":", "\"IPRange\":", "\"Gateway\":", "\"AuxiliaryAddresses\":{",
        "\"Options\":{", "\"Labels\":{", "\"EnableIPv6\":", "\"EnableIPv4\":", "\"com.docker.network.bridge.name\"",
        "\"com.docker.network.driver.mtu\"", "10.70.0.0/16", "10.70.1.0/24", "10.70.0.1", "/32", "/0", "0.0.0.0",
        "255.255.255.255", "fd00::/64", "null", "true", "[]", "{}"})
    void createAnswersOrRefuses(byte[] body) throws Exception {
        String id;
        try {
            Response created = resource.create(new ByteArrayInputStream(body));
            assertEquals(201, created.getStatus());
            id = JERSEY.valueToTree(created.getEntity()).get("Id").asText();
        } catch (EngineException e) {
            int status = e.kind().httpStatus();
            assertTrue(status >= 400 && status < 500 || status == 501, () -> status + ": " + e.getMessage());
            return;
        }
        JsonNode inspected = JERSEY.valueToTree(resource.inspect(id, null, null));
        assertEquals(id, inspected.get("Id").asText());
        NetworkStore restarted = new NetworkStore(root.resolve("network"));
        assertTrue(restarted.loadNetworks().stream().anyMatch(n -> n.id().equals(id)),
                "a restarted daemon would not find " + id);
        resource.remove(id);
        assertTrue(restarted.loadNetworks().stream().noneMatch(n -> n.id().equals(id)), "removed networks leave no state");
    }
}
