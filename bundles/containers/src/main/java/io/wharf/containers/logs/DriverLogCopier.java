package io.wharf.containers.logs;

import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.runtime.StreamType;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code docker logs} from a log driver that reads its logs back (a plugin's {@code LogDriver.ReadLogs}), as moby's
 * plugin adapter and logs writer: entries before {@code since} are dropped and the first after {@code until} ends the
 * read (the driver should have applied them), the streams asked for are written, each line as the driver gave it
 * (a driver adds its own newlines, as moby's local driver does), with a timestamp in front when asked.
 */
public final class DriverLogCopier {
    private static final byte[] SPACE = {' '};
    private final LogOptions options;

    public DriverLogCopier(LogOptions options) {
        this.options = options;
    }

    /** Copies until the reader ends; when following, each entry is flushed as it comes. */
    public void copy(LogEntryReader reader, StdWriter writer) throws IOException {
        for (LogEntry entry = reader.next(); entry != null; entry = reader.next()) {
            if (options.sinceNanos() != 0 && entry.timeNanos() < options.sinceNanos()) {
                continue;
            }
            if (options.untilNanos() != 0 && entry.timeNanos() > options.untilNanos()) {
                return;
            }
            StreamType stream = switch (entry.source()) {
                case "stdout" -> options.stdout() ? StreamType.STDOUT : null;
                case "stderr" -> options.stderr() ? StreamType.STDERR : null;
                default -> null;
            };
            if (stream == null) {
                continue;
            }
            byte[] prefix = options.timestamps()
                    ? Times.rfc3339NanoFixed(entry.timeNanos()).getBytes(StandardCharsets.US_ASCII) : new byte[0];
            writer.write(stream, prefix, 0, prefix.length, SPACE, 0, prefix.length == 0 ? 0 : 1, entry.line(), 0,
                    entry.line().length);
            if (options.follow()) {
                writer.flush();
            }
        }
    }
}
