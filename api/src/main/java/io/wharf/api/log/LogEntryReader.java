package io.wharf.api.log;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** The entries a driver reads back for one {@code docker logs}, oldest first; one thread reads. */
@ConsumerType
public interface LogEntryReader extends AutoCloseable {
    /** The next entry, waiting for it when following; null at the end. */
    LogEntry next() throws IOException;

    /** Stops reading (the client went away or the end was reached); a {@link #next} under way may end with null. */
    @Override
    void close();
}
