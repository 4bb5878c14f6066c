package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.log.LogInfo;
import io.wharf.api.log.LogReadRequest;
import io.wharf.containers.logs.LogForwarders;
import io.wharf.containers.logs.drivers.LogSink;
import io.wharf.containers.logs.drivers.LogSinks;
import io.wharf.containers.logs.drivers.LogSource;
import io.wharf.containers.logs.drivers.PluginLogDrivers;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.support.LogDriverOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journald and syslog drivers, and plugins' (the log-driver SPI), around a container's runs: the sink is opened before the process starts (so that
 * an endpoint that is not there fails the start, as in dockerd), forwarding begins once it runs, and a container
 * adopted after a daemon restart resumes from where the last daemon stopped.
 */
final class LogForwarding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogForwarding.class);

    private static final long DRAIN_MILLIS = 5_000;

    private final LogSinks sinks;
    private final PluginLogDrivers plugins;
    private final LogForwarders forwarders = new LogForwarders();

    LogForwarding(LogSinks sinks) {
        this(sinks, new PluginLogDrivers());
    }

    LogForwarding(LogSinks sinks, PluginLogDrivers plugins) {
        this.sinks = sinks;
        this.plugins = plugins;
    }

    /** The container's sink, connected; null for a driver that does not forward. */
    LogSink open(Container c) {
        HostConfig.LogConfig log = c.hostConfig().logConfig;
        if (!LogDriverOptions.forwards(log.type)) {
            return null;
        }
        try {
            return LogDriverOptions.isPlugin(log.type) ? plugins.open(log.type, info(c, log.config))
                    : sinks.open(log.type, source(c, log.config));
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.system("failed to initialize logging driver: " + e.getMessage(), e);
        }
    }

    /**
     * The container's log as its driver reads it back (a plugin with ReadLogs); null when the engine's own copy is
     * to be read.
     */
    LogEntryReader readThroughDriver(Container c, LogReadRequest request) {
        HostConfig.LogConfig log = c.hostConfig().logConfig;
        if (!LogDriverOptions.isPlugin(log.type)) {
            return null;
        }
        try {
            return plugins.read(log.type, info(c, log.config), request);
        } catch (IOException e) {
            throw EngineException.system(e.getMessage(), e);
        }
    }

    /** Starts shipping the container's lines through the sink {@link #open} gave (null: nothing to do). */
    void start(Container c, LogSink sink) {
        if (sink != null) {
            forwarders.start(c.id(), Path.of(c.record().logPath), sink, () -> c.isRunning() && !c.isRemoved());
        }
    }

    /**
     * A container found at daemon start, running or exited while the daemon was away: forwarding resumes where the
     * last daemon stopped, connecting at the first line, and ends once the container stopped and all was sent.
     */
    void adopt(Container c) {
        HostConfig.LogConfig log = c.hostConfig().logConfig;
        if (!LogDriverOptions.forwards(log.type)) {
            return;
        }
        try {
            start(c, LogDriverOptions.isPlugin(log.type) ? plugins.lazy(log.type, info(c, log.config))
                    : sinks.lazy(log.type, source(c, log.config)));
        } catch (IllegalArgumentException e) {
            LOG.warn("the {} log driver of container {} cannot forward: {}", log.type, c.id(), e.getMessage());
        }
    }

    /** Before the container's files are deleted: its last lines go out first (bounded, the sink may be slow). */
    void awaitDrained(Container c) {
        try {
            forwarders.awaitEnd(c.id(), DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LogSource source(Container c, Map<String, String> config) {
        ContainerRecord r = c.record();
        List<String> command = new ArrayList<>();
        command.add(r.path);
        command.addAll(r.args);
        return new LogSource(r.id, c.name().substring(1), r.imageId == null ? "" : r.imageId, r.config.image,
                String.join(" ", command), r.config.hostname, r.config.labelsOrEmpty(),
                r.config.env == null ? List.of() : r.config.env, config == null ? Map.of() : config);
    }

    /** moby's logger.Info, which a plugin's StartLogging receives. */
    private static LogInfo info(Container c, Map<String, String> config) {
        ContainerRecord r = c.record();
        return new LogInfo(r.id, c.name(), r.path, r.args == null ? List.of() : r.args, r.imageId == null ? "" : r.imageId, r.config.image,
                r.created, r.config.env == null ? List.of() : r.config.env, r.config.labelsOrEmpty(), r.logPath,
                LogSource.DAEMON_NAME, config == null ? Map.of() : config);
    }

    @Override
    public void close() {
        forwarders.close();
    }
}
