package io.wharf.api.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A live connection to a process's stdio: stdin to write, stdout and stderr to read (one stream with a TTY). */
public interface ProcessIo extends AutoCloseable {
    OutputStream stdin();

    InputStream stdout();

    /** Null with a TTY, where stderr is merged into stdout. */
    InputStream stderr();

    void resize(int height, int width) throws IOException;

    @Override
    void close() throws IOException;
}
