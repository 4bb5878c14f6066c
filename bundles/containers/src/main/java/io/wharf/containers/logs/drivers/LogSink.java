package io.wharf.containers.logs.drivers;

import java.io.IOException;

/** Where a forwarding driver ships a container's entries; one thread uses a sink. */
public interface LogSink extends AutoCloseable {

    /**
     * Ships one entry, or drops it after one reconnection as moby's drivers do when their endpoint fails (the
     * IOException says why; the caller goes on with the next entry).
     *
     * @param stop when it answers true, a sink waiting for room (a full journal queue) gives up
     */
    void send(LogMessage message, java.util.function.BooleanSupplier stop) throws IOException;

    @Override
    void close();
}
