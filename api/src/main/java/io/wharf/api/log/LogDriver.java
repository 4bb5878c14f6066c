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

    /**
     * Whether {@code docker logs} reads through {@link #read} (a plugin whose {@code LogDriver.Capabilities} say
     * {@code ReadLogs}) rather than from the engine's own copy of the log.
     */
    default boolean readsLogs() {
        return false;
    }

    /**
     * The container's entries as the driver has them, for {@code docker logs}; {@code info} is the container's, as
     * {@link #open} had it. The driver applies the request's bounds; the engine drops what is still outside them.
     * Only called when {@link #readsLogs()}; an IOException's message is shown to the client.
     */
    default LogEntryReader read(LogInfo info, LogReadRequest request) throws IOException {
        throw new IOException("log driver " + name() + " does not read logs");
    }
}
