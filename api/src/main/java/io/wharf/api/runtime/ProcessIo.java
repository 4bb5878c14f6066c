package io.wharf.api.runtime;

import java.io.IOException;
import java.io.OutputStream;

/** A live connection to a process's stdio (attach, exec). Several may be open on one container at once. */
public interface ProcessIo extends AutoCloseable {
    /**
     * Delivers output to {@code sink} until the process's output ends (it exited) or this connection is closed;
     * then returns. Output produced before this connection was made is not replayed (it is in the log).
     */
    void pumpOutput(OutputSink sink) throws IOException;

    /** The process's stdin, or null when the connection was opened without it. Closing it sends EOF. */
    OutputStream stdin();

    /** Resizes the process's terminal (TTY only). */
    void resize(int height, int width) throws IOException;

    /** Disconnects without affecting the process (detach), except EOF on stdin where Docker gives one. */
    @Override
    void close() throws IOException;
}
