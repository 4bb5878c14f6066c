package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParseException;
import io.wharf.api.errors.EngineException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorMappersTest {
    private static ErrorMappers.ApiError classify(Throwable e) {
        return ErrorMappers.classify(e);
    }

    @Test
    void anEngineExceptionDecidesWhereverItIsInTheChain() {
        EngineException missing = EngineException.notFound("No such container: %s", "abc");
        ErrorMappers.ApiError expected = new ErrorMappers.ApiError(404, "No such container: abc");
        assertEquals(expected, classify(missing));
        assertEquals(expected, classify(new ExecutionException(missing)));
        assertEquals(expected, classify(new CompletionException(new ExecutionException(missing))));
        assertEquals(expected, classify(new UncheckedIOException(new IOException("copy failed", missing))));
        assertEquals(expected, classify(new ProcessingException(missing)));
        assertEquals(expected, classify(new RuntimeException("context", missing)));
    }

    @Test
    void theEngineKindGivesTheStatus() {
        assertEquals(409, classify(new ExecutionException(EngineException.conflict("in use"))).status());
        assertEquals(400, classify(new CompletionException(EngineException.invalid("bad"))).status());
        assertEquals(503, classify(EngineException.unavailable("later")).status());
    }

    @Test
    void aRequestInterruptedByAHotSwapIsA503ToRetry() {
        ErrorMappers.ApiError expected = new ErrorMappers.ApiError(503, ErrorMappers.INTERRUPTED);
        assertEquals(expected, classify(new InterruptedException()));
        assertEquals(expected, classify(new IOException("interrupted", new InterruptedException())));
        assertEquals(expected, classify(new UncheckedIOException(new java.nio.channels.ClosedByInterruptException())));
        assertEquals(expected, classify(new CompletionException(new InterruptedException("sleep interrupted"))));
    }

    @Test
    void anUnknownFailureIsA500WithItsMessageAndNoStackTrace() {
        assertEquals(new ErrorMappers.ApiError(500, "disk full"), classify(new IOException("disk full")));
        assertEquals(new ErrorMappers.ApiError(500, "disk full"),
                classify(new ExecutionException(new UncheckedIOException(new IOException("disk full")))));
        assertEquals(new ErrorMappers.ApiError(500, "NullPointerException"), classify(new NullPointerException()));
    }

    @Test
    void malformedJsonIsA400ThroughJerseysWrappers() {
        JsonParseException json = new JsonParseException(null, "Unexpected character");
        ErrorMappers.ApiError expected = new ErrorMappers.ApiError(400, "invalid JSON: Unexpected character");
        assertEquals(expected, classify(json));
        assertEquals(expected, classify(new ProcessingException(json)));
        assertEquals(expected, classify(new BadRequestException(json)));
    }

    @Test
    void jerseysOwnRefusalsKeepDockersWording() {
        assertEquals(new ErrorMappers.ApiError(404, "page not found"), classify(new NotFoundException()));
        assertEquals(new ErrorMappers.ApiError(405, "method not allowed"),
                classify(new NotAllowedException("GET")));
        assertEquals(new ErrorMappers.ApiError(400, "bad value"),
                classify(new BadRequestException(new IllegalArgumentException("bad value"))));
    }

    @Test
    void anOversizedBodyIsA413() {
        assertEquals(413, classify(new ProcessingException(new RequestBodyLimit.TooLarge())).status());
    }

    @Test
    void theResponseIsDockersErrorShape() {
        Response r = new ErrorMappers().toResponse(new ExecutionException(EngineException.conflict("busy")));
        assertEquals(409, r.getStatus());
        assertEquals(Map.of("message", "busy"), r.getEntity());
    }
}
