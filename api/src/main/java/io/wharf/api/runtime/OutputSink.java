package io.wharf.api.runtime;

import java.io.IOException;

/** Receives a process's output as it comes; with a TTY everything arrives as STDOUT. */
@FunctionalInterface
public interface OutputSink {
    void write(StreamType stream, byte[] buffer, int offset, int length) throws IOException;
}
