package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NonSwarmNodeTest {
    private final NonSwarmNode node = new NonSwarmNode();

    @Test
    void leavingAnswersNotPartOfASwarmAsDockerPyExpects() {
        EngineException e = node.refusal("POST", "/swarm/leave");
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("This node is not part of a swarm", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"GET,/swarm", "POST,/swarm/update", "POST,/swarm/unlock", "GET,/swarm/unlockkey",
            "GET,/nodes", "GET,/nodes/abc", "DELETE,/nodes/abc", "POST,/nodes/abc/update",
            "GET,/services", "POST,/services/create", "GET,/services/web", "DELETE,/services/web",
            "POST,/services/web/update", "GET,/services/web/logs",
            "GET,/tasks", "GET,/tasks/t1", "GET,/tasks/t1/logs",
            "GET,/secrets", "POST,/secrets/create", "GET,/secrets/s1", "DELETE,/secrets/s1", "POST,/secrets/s1/update",
            "GET,/configs", "POST,/configs/create", "GET,/configs/c1", "DELETE,/configs/c1", "POST,/configs/c1/update",
            "GET,/services/"})
    void managerActionsAnswerNotAManager(String method, String path) {
        EngineException e = node.refusal(method, path);
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to "
                + "connect this node to swarm and try again.", e.getMessage());
    }

    @Test
    void bodiesAreParsedBeforeTheRefusalAsMobyReadsThemFirst() {
        byte[] valid = "{\"Name\":\"web\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ErrorKind.UNAVAILABLE, node.refusal("POST", "/services/create", "application/json", valid).kind());
        assertEquals(ErrorKind.UNAVAILABLE, node.refusal("POST", "/swarm/init", null, new byte[0]).kind());
        EngineException broken = assertThrowsInvalid(() -> node.refusal("POST", "/services/create",
                "application/json", "{\"Name\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(true, broken.getMessage().startsWith("invalid JSON: "), broken.getMessage());
        EngineException trailing = assertThrowsInvalid(() -> node.refusal("POST", "/secrets/s1/update",
                "application/json", "{} {}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("unexpected content after JSON", trailing.getMessage());
        EngineException text = assertThrowsInvalid(() -> node.refusal("POST", "/swarm/join", "text/plain",
                valid));
        assertEquals("unsupported Content-Type header (text/plain): must be 'application/json'", text.getMessage());
        // routes without a body are not parsed
        assertEquals(ErrorKind.UNAVAILABLE, node.refusal("POST", "/swarm/leave", "text/plain", valid).kind());
    }

    private static EngineException assertThrowsInvalid(java.util.function.Supplier<EngineException> call) {
        EngineException e;
        try {
            e = call.get();
        } catch (EngineException thrown) {
            e = thrown;
        }
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @CsvSource({"POST,/swarm/init", "POST,/swarm/join"})
    void joiningIsRefusedAsUnavailable(String method, String path) {
        EngineException e = node.refusal(method, path);
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals(NonSwarmNode.NO_SWARM_MODE, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"DELETE,/swarm", "GET,/swarm/leave", "POST,/nodes", "GET,/services/a/b/c", "DELETE,/tasks/t1",
            "GET,/swarm/nothing"})
    void unroutedMethodsAndPathsAreNotFound(String method, String path) {
        EngineException e = node.refusal(method, path);
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("page not found", e.getMessage());
    }

    @Test
    void sessionsAreRefusedAsByADaemonWithoutBuildKit() {
        SessionRefusal sessions = new SessionRefusal();
        assertEquals("no upgrade proto in request", sessions.refusal(null).getMessage());
        assertEquals("protocol tcp not supported", sessions.refusal("tcp").getMessage());
        EngineException h2c = sessions.refusal("h2c");
        assertEquals(ErrorKind.INVALID_PARAMETER, h2c.kind());
        assertEquals(SessionRefusal.NO_BUILDKIT, h2c.getMessage());
    }
}
