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
 * An answer past {@link #LIMIT} (a container's changes after it made millions of files) is streamed on, chunked,
 * so that no answer holds more than that in memory twice.
 */
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.WILDCARD)
final class BufferedJsonProvider extends JacksonJsonProvider {
    private static final int INITIAL_BUFFER = 4096;
    static final int LIMIT = 1 << 20;

    BufferedJsonProvider(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        BoundedBuffer buffer = new BoundedBuffer(entityStream);
        super.writeTo(value, type, genericType, annotations, mediaType, httpHeaders, buffer);
        if (!buffer.overflowed) {
            // headers are still open: Jersey commits them at the first write to the entity stream
            httpHeaders.putSingle(HttpHeaders.CONTENT_LENGTH, Integer.toString(buffer.whole.size()));
            buffer.whole.writeTo(entityStream); // the array itself, no copy
        }
    }

    /** Holds the answer up to {@link #LIMIT}; past it, passes what it held and the rest to the entity stream. */
    private static final class BoundedBuffer extends OutputStream {
        private final OutputStream entityStream;
        private final ByteArrayOutputStream whole = new ByteArrayOutputStream(INITIAL_BUFFER);
        private boolean overflowed;

        BoundedBuffer(OutputStream entityStream) {
            this.entityStream = entityStream;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!overflowed && whole.size() + len > LIMIT) {
                overflowed = true;
                whole.writeTo(entityStream);
                whole.reset();
            }
            if (overflowed) {
                entityStream.write(b, off, len);
            } else {
                whole.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (overflowed) {
                entityStream.flush();
            }
        }

        @Override
        public void close() {
            // Jersey closes the entity stream itself
        }
    }
}
