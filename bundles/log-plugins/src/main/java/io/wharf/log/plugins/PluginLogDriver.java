package io.wharf.log.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.log.LogDriver;
import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntrySink;
import io.wharf.api.log.LogInfo;
import io.wharf.api.plugin.LegacyPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A legacy plugin's {@code LogDriver}: each container run gets a FIFO that {@code LogDriver.StartLogging} hands
 * the plugin with the container's {@code Info}; entries are written to it as length-prefixed protobuf messages;
 * {@code LogDriver.StopLogging} when the run ends. A managed plugin sees only its own root file system: its FIFO
 * is made there, under {@code /run/docker/logging} as the plugin sees it (dockerd's {@code ScopedPath}), and the
 * plugin is told that path.
 */
final class PluginLogDriver implements LogDriver {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLogDriver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where dockerd puts a managed log plugin's FIFOs, as the plugin sees it. */
    private static final String PLUGIN_FIFO_DIR = "/run/docker/logging";

    private final LegacyPlugin plugin;
    private final Fifos fifos;

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
