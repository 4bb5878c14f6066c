package io.wharf.containers.logs.drivers;

import io.wharf.api.log.LogDriver;
import io.wharf.api.log.LogDriverResolver;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.log.LogEntrySink;
import io.wharf.api.log.LogInfo;
import io.wharf.api.log.LogReadRequest;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The log drivers the engine does not build in, found through the {@link LogDriverResolver}s registered now (the
 * log-plugins bundle's, for Docker's log-driver plugins).
 */
public final class PluginLogDrivers {
    private final List<LogDriverResolver> resolvers = new CopyOnWriteArrayList<>();

    public void addResolver(LogDriverResolver resolver) {
        resolvers.add(resolver);
    }

    public void removeResolver(LogDriverResolver resolver) {
        resolvers.remove(resolver);
    }

    /** Whether some resolver has a driver of that name (activating it, as dockerd does at create). */
    public boolean exists(String name) {
        return find(name) != null;
    }

    private LogDriver find(String name) {
        for (LogDriverResolver resolver : resolvers) {
            LogDriver driver = resolver.resolve(name);
            if (driver != null) {
                return driver;
            }
        }
        return null;
    }

    /**
     * The driver's own reading of a container's log for {@code docker logs}, opened now; null when the driver does
     * not read its logs (or is gone), and the engine's copy is read instead.
     */
    public LogEntryReader read(String name, LogInfo info, LogReadRequest request) throws IOException {
        LogDriver driver = find(name);
        return driver == null || !driver.readsLogs() ? null : driver.read(info, request);
    }

    /** The container's sink, opened now; the IOException's message is why its start fails. */
    public LogSink open(String name, LogInfo info) throws IOException {
        LogDriver driver = find(name);
        if (driver == null) {
            throw new IOException("error looking up logging plugin " + name + ": plugin \"" + name + "\" not found");
        }
        return new EntrySinkAdapter(driver.open(info));
    }

    /** As {@link #open}, at the first entry: a container adopted at daemon start, its plugin maybe not up yet. */
    public LogSink lazy(String name, LogInfo info) {
        return new LogSink() {
            private LogSink opened;

            @Override
            public void send(LogMessage message, java.util.function.BooleanSupplier stop) throws IOException {
                if (opened == null) {
                    opened = open(name, info);
                }
                opened.send(message, stop);
            }

            @Override
            public void close() {
                if (opened != null) {
                    opened.close();
                }
            }
        };
    }

    /** A forwarder's messages as the SPI's entries. */
    private record EntrySinkAdapter(LogEntrySink entries) implements LogSink {
        @Override
        public void send(LogMessage m, java.util.function.BooleanSupplier stop) throws IOException {
            entries.write(new io.wharf.api.log.LogEntry(m.stderr() ? "stderr" : "stdout", m.epochNanos(), m.line(),
                    m.partial()));
        }

        @Override
        public void close() {
            entries.close();
        }
    }
}
