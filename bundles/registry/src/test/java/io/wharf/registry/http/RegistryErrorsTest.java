package io.wharf.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.ErrorKind;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {
    @Test
    void distributionErrorBodiesReadLikeDocker() {
        var e = RegistryErrors.fromResponse(404, "Not Found", ("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\","
                + "\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"nope\"}}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals("manifest unknown: manifest unknown", e.getMessage());
        assertEquals("MANIFEST_UNKNOWN", e.code());
        assertEquals(ErrorKind.NOT_FOUND, e.kind());

        var denied = RegistryErrors.fromResponse(401, "Unauthorized", ("{\"errors\":[{\"code\":\"UNAUTHORIZED\","
                + "\"message\":\"authentication required\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals("unauthorized: authentication required", denied.getMessage());
        assertEquals(ErrorKind.UNAUTHORIZED, denied.kind());
    }

    @Test
    void bodiesWithoutErrorsFallBackToTheStatus() {
        assertEquals("received unexpected HTTP status: 502 Bad Gateway",
                RegistryErrors.fromResponse(502, "Bad Gateway", "<html>".getBytes()).getMessage());
        assertEquals(ErrorKind.UNAVAILABLE, RegistryErrors.fromResponse(503, null, null).kind());
    }

    @Test
    void transportFailuresReadLikeGo() {
        String m = RegistryErrors.describe("GET", URI.create("https://127.0.0.1:5000/v2/"),
                new RuntimeException(new ConnectException("Connection refused")));
        assertEquals("Get \"https://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused", m);
        assertTrue(RegistryErrors.describe("HEAD", URI.create("http://h/v2/"), new java.io.EOFException())
                .startsWith("Head \"http://h/v2/\""));
    }
}
