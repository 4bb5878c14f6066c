package io.wharf.log.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.log.LogDriver;
import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.log.LogEntrySink;
import io.wharf.api.log.LogInfo;
import io.wharf.api.log.LogReadRequest;
import io.wharf.api.plugin.LegacyPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A legacy plugin's {@code LogDriver}: each container run gets a FIFO that {@code LogDriver.StartLogging} hands
 * the plugin with the container's {@code Info}; entries are written to it as length-prefixed protobuf messages;
 * {@code LogDriver.StopLogging} when the run ends. A managed plugin sees only its own root file system: its FIFO
 * is made there, under {@code /run/docker/logging} as the plugin sees it (dockerd's {@code ScopedPath}), and the
 * plugin is told that path. A plugin whose capabilities say ReadLogs serves {@code docker logs} through
 * {@code LogDriver.ReadLogs}.
 */
final class PluginLogDriver implements LogDriver {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLogDriver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where dockerd puts a managed log plugin's FIFOs, as the plugin sees it. */
    private static final String PLUGIN_FIFO_DIR = "/run/docker/logging";

    private final LegacyPlugin plugin;
    private final Fifos fifos;
    /** The ReadLogs capability, asked once (as moby's plugin adapter asks at creation); null until asked. */
    private volatile Boolean readsLogs;

    PluginLogDriver(LegacyPlugin plugin, Fifos fifos) {
        this.plugin = plugin;
        this.fifos = fifos;
    }

    @Override
    public String name() {
        return plugin.name();
    }

    /** As moby's plugin adapter: a refusal is {@code error creating logger: ...}, the plugin's own words after. */
    @Override
    public LogEntrySink open(LogInfo info) throws IOException {
        String scopedDir = plugin.hostPath(PLUGIN_FIFO_DIR);
        boolean managed = !scopedDir.equals(PLUGIN_FIFO_DIR);
        Path fifo = managed ? fifos.create(Path.of(scopedDir)) : fifos.create();
        String file = managed ? PLUGIN_FIFO_DIR + "/" + fifo.getFileName() : fifo.toString();
        Fifos.Writer writer = fifos.startOpening(fifo);
        ObjectNode start = JSON.createObjectNode().put("File", file);
        start.set("Info", infoJson(info));
        try {
            call("LogDriver.StartLogging", start);
        } catch (IOException e) {
            writer.abandon();
            fifos.delete(fifo);
            throw new IOException("error creating logger: " + e.getMessage(), e);
        }
        OutputStream out;
        try {
            out = writer.await();
        } catch (IOException e) {
            stop(file);
            fifos.delete(fifo);
            throw new IOException("error creating logger: " + e.getMessage(), e);
        }
        return new FifoSink(fifo, file, out);
    }

    /**
     * Whether {@code LogDriver.Capabilities} says {@code ReadLogs}. As dockerd, a plugin that fails the call (or
     * lacks it) cannot read, and is not asked again.
     */
    @Override
    public boolean readsLogs() {
        Boolean known = readsLogs;
        if (known == null) {
            boolean capable = false;
            try {
                byte[] answer = plugin.call("LogDriver.Capabilities", new byte[0]);
                capable = answer.length > 0 && JSON.readTree(answer).path("Cap").path("ReadLogs").asBoolean(false);
            } catch (IOException e) {
                LOG.warn("log plugin {}: LogDriver.Capabilities failed: {}", plugin.name(), e.getMessage());
            }
            readsLogs = known = capable;
        }
        return known;
    }

    /** {@code LogDriver.ReadLogs} with moby's logger.ReadConfig; the answer is a stream of framed entries. */
    @Override
    public LogEntryReader read(LogInfo info, LogReadRequest request) throws IOException {
        ObjectNode call = JSON.createObjectNode();
        call.set("Info", infoJson(info));
        call.putObject("Config").put("Since", goTime(request.sinceNanos())).put("Until", goTime(request.untilNanos()))
                .put("Tail", request.tail() < 0 ? -1 : request.tail()).put("Follow", request.follow())
                .put("Details", false);
        try {
            return new LogEntryDecoder(plugin.stream("LogDriver.ReadLogs", JSON.writeValueAsBytes(call)));
        } catch (IOException e) {
            throw new IOException("error getting log reader: " + e.getMessage(), e);
        }
    }

    /** A time as Go's encoding/json writes a time.Time: RFC 3339, and Go's zero time for none. */
    static String goTime(long epochNanos) {
        return epochNanos == 0 ? "0001-01-01T00:00:00Z"
                : Instant.ofEpochSecond(0, epochNanos).toString();
    }

    /** moby's logger.Info as Go's encoding/json writes it. */
    static ObjectNode infoJson(LogInfo info) {
        ObjectNode n = JSON.createObjectNode();
        n.set("Config", JSON.valueToTree(info.config()));
        n.put("ContainerID", info.containerId());
        n.put("ContainerName", info.containerName());
        n.put("ContainerEntrypoint", info.entrypoint());
        n.set("ContainerArgs", JSON.valueToTree(info.args()));
        n.put("ContainerImageID", info.imageId());
        n.put("ContainerImageName", info.imageName());
        n.put("ContainerCreated", info.created());
        n.set("ContainerEnv", JSON.valueToTree(info.env()));
        n.set("ContainerLabels", JSON.valueToTree(info.labels()));
        n.put("LogPath", info.logPath());
        n.put("DaemonName", info.daemonName());
        return n;
    }

    /** One call; an answer with a non-empty {@code Err} is a refusal too (moby's proxy reads it so). */
    private void call(String method, ObjectNode request) throws IOException {
        byte[] answer = plugin.call(method, JSON.writeValueAsBytes(request));
        if (answer.length > 0) {
            JsonNode json;
            try {
                json = JSON.readTree(answer);
            } catch (IOException e) {
                throw new IOException(method + ": plugin " + plugin.name() + " answered no JSON", e);
            }
            String err = json.path("Err").asText("");
            if (!err.isEmpty()) {
                throw new IOException(err);
            }
        }
    }

    /** {@code file}: the FIFO as the plugin sees it. */
    private void stop(String file) {
        try {
            call("LogDriver.StopLogging", JSON.createObjectNode().put("File", file));
        } catch (IOException e) {
            LOG.warn("log plugin {}: stopping {} failed: {}", plugin.name(), file, e.getMessage());
        }
    }

    /** One run's stream; as dockerd, StopLogging comes once every entry is written, and then the stream's end. */
    private final class FifoSink implements LogEntrySink {
        private final Path fifo;
        private final String file;
        private final OutputStream out;

        FifoSink(Path fifo, String file, OutputStream out) {
            this.fifo = fifo;
            this.file = file;
            this.out = out;
        }

        @Override
        public void write(LogEntry entry) throws IOException {
            out.write(LogEntryEncoder.frame(entry));
        }

        @Override
        public void close() {
            stop(file);
            try {
                out.close();
            } catch (IOException ignored) {
                // a plugin that went away already
            }
            fifos.delete(fifo);
        }
    }
}
