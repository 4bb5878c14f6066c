package io.wharf.containers.logs.drivers;

import io.wharf.linux.UnixDatagramSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * moby's journald driver: each entry a datagram to the journal's native socket with MESSAGE, PRIORITY (6 for
 * stdout, 3 for stderr), the container's fields (CONTAINER_ID, CONTAINER_ID_FULL, CONTAINER_NAME, CONTAINER_TAG,
 * IMAGE_NAME, SYSLOG_IDENTIFIER, the chosen labels and variables), SYSLOG_TIMESTAMP, CONTAINER_LOG_EPOCH and
 * CONTAINER_LOG_ORDINAL, and CONTAINER_PARTIAL_MESSAGE on a piece of a longer line.
 */
public final class JournaldSink implements LogSink {
    static final int INFO = 6;
    static final int ERR = 3;
    private static final long FULL_QUEUE_PAUSE_MILLIS = 10;

    private final Path path;
    private final Map<String, String> fields;
    private final ZoneId zone;
    private UnixDatagramSocket socket;
    private long ordinal;

    JournaldSink(Path path, Map<String, String> fields, ZoneId zone) {
        this.path = path;
        this.fields = fields;
        this.zone = zone;
    }

    /** Connects to the journal now; fails as moby does when there is none. */
    public static JournaldSink open(Path journalSocket, LogSource source, ZoneId zone) throws IOException {
        JournaldSink sink = lazy(journalSocket, source, zone);
        try {
            sink.socket = UnixDatagramSocket.connect(journalSocket);
        } catch (IOException e) {
            throw new IOException("journald is not enabled on this host", e);
        }
        return sink;
    }

    /** A sink that connects at its first entry (a container adopted after a restart while the journal is away). */
    public static JournaldSink lazy(Path journalSocket, LogSource source, ZoneId zone) {
        return new JournaldSink(journalSocket, fields(source), zone);
    }

    static Map<String, String> fields(LogSource source) {
        String tag = source.tag();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("CONTAINER_ID", LogSource.shortId(source.fullId()));
        f.put("CONTAINER_ID_FULL", source.fullId());
        f.put("CONTAINER_NAME", source.name());
        f.put("CONTAINER_TAG", tag);
        f.put("IMAGE_NAME", source.imageName());
        f.put("SYSLOG_IDENTIFIER", tag);
        f.put("CONTAINER_LOG_EPOCH", UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", ""));
        f.putAll(source.extraAttributes(JournalEntry::sanitizeKey));
        return Map.copyOf(f);
    }

    /** The datagram of one message. */
    byte[] encode(LogMessage m) {
        JournalEntry e = new JournalEntry().field("MESSAGE", m.line())
                .field("PRIORITY", Integer.toString(m.stderr() ? ERR : INFO));
        fields.forEach(e::field);
        e.field("SYSLOG_TIMESTAMP", GoTimes.format(m.epochNanos(), zone, 9));
        if (m.partial()) {
            e.field("CONTAINER_PARTIAL_MESSAGE", "true");
        }
        e.field("CONTAINER_LOG_ORDINAL", Long.toString(++ordinal));
        return e.toBytes();
    }

    /**
     * Waits while the journal's queue is full (as a blocking sd_journal_send would), until {@code stop}; reconnects
     * once when the journal went away (restarted: its socket is a new one).
     */
    @Override
    public void send(LogMessage message, BooleanSupplier stop) throws IOException {
        byte[] datagram = encode(message);
        if (socket == null) {
            socket = UnixDatagramSocket.connect(path);
        }
        boolean sent;
        try {
            sent = socket.send(datagram);
        } catch (IOException e) {
            socket.close();
            socket = UnixDatagramSocket.connect(path);
            sent = socket.send(datagram);
        }
        while (!sent) {
            if (stop.getAsBoolean()) {
                throw new IOException("the journal's queue stayed full");
            }
            try {
                Thread.sleep(FULL_QUEUE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sent = socket.send(datagram);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
