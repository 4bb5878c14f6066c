package io.wharf.api.log;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** Where one run of a container's log entries go, in order; one thread writes to a sink. */
@ConsumerType
public interface LogEntrySink extends AutoCloseable {
    /** Ships one entry; an IOException drops it (the engine logs why and goes on with the next). */
    void write(LogEntry entry) throws IOException;

    /** The run ended (the container stopped or was removed, or the daemon stops) and every entry was written. */
    @Override
    void close();
}
