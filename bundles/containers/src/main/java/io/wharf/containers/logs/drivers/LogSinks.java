package io.wharf.containers.logs.drivers;

import io.wharf.support.SyslogOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/** Makes the sink of a forwarding driver (journald, syslog) for a container. */
public final class LogSinks {
    /** Where the journal listens for native-protocol datagrams. */
    public static final Path JOURNAL_SOCKET = Path.of("/run/systemd/journal/socket");

    private final Path journalSocket;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();
    private final ZoneId zone = ZoneId.systemDefault();

    /**
     * @param journalSocket the journal's socket ({@link #JOURNAL_SOCKET} but in tests)
     * @param hostname      the host's name, which rfc3164 and rfc5424 messages carry
     */
    public LogSinks(Path journalSocket, String hostname) {
        this.journalSocket = journalSocket;
        this.hostname = hostname;
    }

    /**
     * Connects now, as moby's drivers do when the container starts; the IOException's message is the reason the
     * start fails (no journal, a refused TCP connection, a missing socket).
     */
    public LogSink open(String driver, LogSource source) throws IOException {
        return switch (driver) {
            case "journald" -> JournaldSink.open(journalSocket, source, zone);
            case "syslog" -> SyslogSink.open(syslog(source.config()), syslogFormat(source));
            default -> throw new IllegalArgumentException("not a forwarding driver: " + driver);
        };
    }

    /** As {@link #open} but connecting at the first entry: for containers adopted after a daemon restart. */
    public LogSink lazy(String driver, LogSource source) {
        return switch (driver) {
            case "journald" -> JournaldSink.lazy(journalSocket, source, zone);
            case "syslog" -> SyslogSink.lazy(syslog(source.config()), syslogFormat(source));
            default -> throw new IllegalArgumentException("not a forwarding driver: " + driver);
        };
    }

    private SyslogFormat syslogFormat(LogSource source) {
        SyslogOptions o = syslog(source.config());
        return new SyslogFormat(o.format(), o.facility(), hostname, source.tag(), pid, zone);
    }

    private static SyslogOptions syslog(Map<String, String> config) {
        Map<String, String> own = new java.util.HashMap<>(config);
        own.keySet().removeIf(k -> k.startsWith("cache-") || k.equals("mode") || k.equals("max-buffer-size"));
        return SyslogOptions.parse(own);
    }
}
