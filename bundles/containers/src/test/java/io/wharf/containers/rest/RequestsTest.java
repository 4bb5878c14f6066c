package io.wharf.containers.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private static int status(Runnable call) {
        return assertThrows(EngineException.class, call::run).kind().httpStatus();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void integers() {
        assertEquals(7, Requests.integer(" 7", "t", 0));
        assertEquals(3, Requests.integer("", "t", 3));
        assertNull(Requests.optionalInteger(null, "t"));
        assertEquals(400, status(() -> Requests.integer("x", "h", 0)));
    }

    @Test
    void bodiesMustBeObjects() {
        assertEquals("c", Requests.object(utf8("{\"Container\":\"c\"}")).get("Container").asText());
        assertEquals(400, status(() -> Requests.object(null)));
        assertEquals(400, status(() -> Requests.object(utf8("[1]"))));
        assertEquals(400, status(() -> Requests.object(utf8("{"))));
    }

    @Test
    void updateKnowsWhichKeysWereSet() {
        Requests.HostConfigChanges empty = Requests.hostConfigChanges(null);
        assertEquals(Set.of(), empty.fields());
        Requests.HostConfigChanges memory = Requests.hostConfigChanges(utf8("{\"Memory\":1048576}"));
        assertEquals(Set.of("Memory"), memory.fields());
        assertEquals(400, status(() -> Requests.hostConfigChanges(utf8("{\"Memory\":\"lots\"}"))));
    }

    @Test
    void networkConnectBodiesAreRecords() {
        NetworkConnectBody bare = Requests.body(utf8("{\"Container\":\"c\"}"), NetworkConnectBody.class);
        assertEquals("c", bare.container());
        assertEquals("", bare.endpointConfig().endpointId);
        NetworkConnectBody withAlias = Requests.body(utf8("{\"Container\":\"c\",\"EndpointConfig\":{"
                + "\"Aliases\":[\"db\"]}}"), NetworkConnectBody.class);
        assertEquals(List.of("db"), withAlias.endpointConfig().aliases);
        assertEquals(400, status(() -> Requests.body(utf8("{\"Container\":\"c\",\"EndpointConfig\":{"
                + "\"Aliases\":\"db\"}}"), NetworkConnectBody.class)));
        assertEquals(true, Requests.body(utf8("{\"Container\":\"c\",\"Force\":true}"),
                NetworkDisconnectBody.class).force());
        assertEquals(400, status(() -> Requests.body(utf8("[]"), NetworkDisconnectBody.class)));
    }
}
