package io.wharf.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Jackson's provider, writing each JSON answer whole: serialized into memory first, then sent with a
 * Content-Length in one write. Jersey's own output buffering stays off because streamed answers (wait, events,
 * pull progress) must reach the client at each flush; an entity object is complete before it is written, so
 * buffering it delays nothing, and it spares the chunked encoding and a socket write per 8 KiB Jackson flushes.
 */
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.WILDCARD)
final class BufferedJsonProvider extends JacksonJsonProvider {
    private static final int INITIAL_BUFFER = 4096;

    BufferedJsonProvider(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream(INITIAL_BUFFER);
        super.writeTo(value, type, genericType, annotations, mediaType, httpHeaders, whole);
        // headers are still open: Jersey commits them at the first write to the entity stream
        httpHeaders.putSingle(HttpHeaders.CONTENT_LENGTH, Integer.toString(whole.size()));
        whole.writeTo(entityStream); // the array itself, no copy
    }
}
