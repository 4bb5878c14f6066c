package io.wharf.containers.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.model.EndpointRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One resource serves both actions of its path: each body goes to its own backend call. */
class NetworkConnectResourceTest {
    private final List<String> calls = new ArrayList<>();
    private final NetworkConnectResource resource = new NetworkConnectResource(new NetworkAttachBackend() {
        @Override
        public void connect(String containerRef, String network, EndpointRecord config) {
            calls.add("connect " + containerRef + " " + network + " " + (config != null));
        }

        @Override
        public void disconnect(String containerRef, String network, boolean force) {
            calls.add("disconnect " + containerRef + " " + network + " " + force);
        }
    });

    @Test
    void connectAndDisconnectReachTheirBackendCalls() throws Exception {
        assertEquals(200, resource.post("net1", "connect", body("{\"Container\":\"c1\"}")).getStatus());
        assertEquals(200, resource.post("net1", "disconnect", body("{\"Container\":\"c1\",\"Force\":true}"))
                .getStatus());
        assertEquals(List.of("connect c1 net1 true", "disconnect c1 net1 true"), calls);
    }

    @Test
    void aBodyWithoutContainerIsABadRequest() {
        for (String action : List.of("connect", "disconnect")) {
            EngineException e = assertThrows(EngineException.class, () -> resource.post("n", action, body("{}")));
            assertEquals(400, e.kind().httpStatus());
            assertEquals("Container is required", e.getMessage());
        }
        assertEquals(List.of(), calls);
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
