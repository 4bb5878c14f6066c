package io.wharf.api.log;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** A log driver the engine does not build in (a Docker log-driver plugin, say). */
@ConsumerType
public interface LogDriver {
    String name();

    /**
     * Opens the sink of one run of a container, before its process starts. The driver checks
     * {@link LogInfo#config()} itself (the engine passes options of drivers it does not know through unchecked, as
     * dockerd does); an IOException's message is why the start fails.
     */
    LogEntrySink open(LogInfo info) throws IOException;
}
