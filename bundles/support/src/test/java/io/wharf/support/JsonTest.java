package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Body(@JsonProperty("Name") String name, @JsonProperty("Size") Integer size) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anOptionalBodyMayBeEmptyAndIgnoresUnknownKeys() {
        assertNull(Json.readRequest(new byte[0], Body.class));
        assertNull(Json.readRequest(null, Body.class));
        assertEquals(new Body("a", 1), Json.readRequest(utf8("{\"Name\":\"a\",\"Size\":1,\"Other\":true}"), Body.class));
    }

    @Test
    void malformedOrMistypedBodiesAreTheClientsMistake() {
        EngineException e = assertThrows(EngineException.class, () -> Json.readRequest(utf8("{\"Name\":"), Body.class));
        assertEquals(400, e.kind().httpStatus());
        assertTrue(e.getMessage().startsWith("invalid JSON: "), e.getMessage());
        assertThrows(EngineException.class, () -> Json.readRequest(utf8("{\"Size\":\"x\"}"), Body.class));
    }

    @Test
    void aRequiredBodyMustBeAnObjectAndMatchesKeysInAnyCase() {
        assertEquals("got EOF while reading request body",
                assertThrows(EngineException.class, () -> Json.readRequiredRequest(utf8("  "), Body.class)).getMessage());
        assertThrows(EngineException.class, () -> Json.readRequiredRequest(utf8("null"), Body.class));
        assertEquals(new Body("a", 2), Json.readRequiredRequest(utf8("{\"name\":\"a\",\"SIZE\":2}"), Body.class));
    }

    @Test
    void writersKeepOrLeaveOutNulls() throws Exception {
        assertArrayEquals(utf8("{\"Name\":\"a\",\"Size\":null}"), Json.bytes(new Body("a", null)));
        assertEquals("{\"Name\":\"a\"}", Json.WITHOUT_NULLS.writeValueAsString(new Body("a", null)));
        assertTrue(new String(Json.prettyBytes(new Body("a", 1)), StandardCharsets.UTF_8).contains("\n"));
    }
}
