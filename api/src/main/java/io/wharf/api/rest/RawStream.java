package io.wharf.api.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The raw bidirectional byte stream of a hijacked connection. */
public interface RawStream extends AutoCloseable {
    /** Bytes from the client; end of stream when the client half-closes. */
    InputStream input();

    OutputStream output();

    /** Half-closes our side: the client reads end of stream. */
    void shutdownOutput() throws IOException;

    @Override
    void close() throws IOException;
}
