package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferedJsonProviderTest {
    /** Counts the writes that reach it: each one is a socket write when Jersey's buffering is off. */
    private static final class CountingStream extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            writes++;
            super.write(b);
        }
    }

    @Test
    void writesAnAnswerLargerThanJacksonsBufferInOneWriteWithItsLength() throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(Map.of("Id", "container-" + i, "Command", "sh -c 'sleep " + i + "'"));
        }
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        CountingStream out = new CountingStream();

        new BufferedJsonProvider(new ObjectMapper()).writeTo(rows, List.class, List.class, new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, headers, out);

        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(new ObjectMapper().writeValueAsString(rows), json);
        assertEquals(1, out.writes, "one write for " + out.size() + " bytes");
        assertEquals(Collections.singletonList(Integer.toString(out.size())), headers.get("Content-Length"));
    }

    @Test
    void streamsAnAnswerPastTheLimitWithoutALength() throws IOException {
        List<String> rows = new ArrayList<>();
        String row = "x".repeat(1000);
        for (int i = 0; i < 2 * BufferedJsonProvider.LIMIT / 1000; i++) {
            rows.add(row);
        }
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        CountingStream out = new CountingStream();

        new BufferedJsonProvider(new ObjectMapper()).writeTo(rows, List.class, List.class, new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, headers, out);

        assertEquals(new ObjectMapper().writeValueAsString(rows), out.toString(StandardCharsets.UTF_8));
        assertEquals(null, headers.get("Content-Length"));
        assertTrue(out.writes > 1, "streamed in pieces: " + out.writes);
    }
}
