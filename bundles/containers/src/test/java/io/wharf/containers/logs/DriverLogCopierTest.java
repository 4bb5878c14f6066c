package io.wharf.containers.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntryReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class DriverLogCopierTest {
    private static final long T0 = 1_764_936_000_000_000_000L;

    private static LogEntryReader reader(LogEntry... entries) {
        Queue<LogEntry> queue = new ArrayDeque<>(List.of(entries));
        return new LogEntryReader() {
            @Override
            public LogEntry next() {
                return queue.poll();
            }

            @Override
            public void close() {
            }
        };
    }

    private static LogEntry entry(String source, long nanos, String line) {
        return new LogEntry(source, nanos, line.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String copy(LogOptions options, boolean multiplexed, LogEntry... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdWriter writer = new StdWriter(out, multiplexed);
        new DriverLogCopier(options).copy(reader(entries), writer);
        writer.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheChosenStreamsAsTheDriverGaveThem() throws IOException {
        LogEntry[] entries = {entry("stdout", T0, "out1\n"), entry("stderr", T0 + 1, "err1\n"),
            entry("other", T0 + 2, "odd\n"), entry("stdout", T0 + 3, "no newline")};
        assertEquals("out1\nerr1\nno newline", copy(new LogOptions(true, true, false, false, 0, 0, -1), false,
                entries));
        assertEquals("err1\n", copy(new LogOptions(false, true, false, false, 0, 0, -1), false, entries));
        String framed = copy(new LogOptions(true, true, false, false, 0, 0, -1), true, entries[1]);
        assertEquals("\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0005err1\n", framed);
    }

    @Test
    void boundsAndTimestampsAreMobys() throws IOException {
        LogEntry[] entries = {entry("stdout", T0, "early\n"), entry("stdout", T0 + 1_500, "kept\n"),
            entry("stdout", T0 + 9_000, "late\n"), entry("stdout", T0 + 2_000, "after the end\n")};
        assertEquals("2025-12-05T12:00:00.000001500Z kept\n",
                copy(new LogOptions(true, true, false, true, T0 + 1_000, T0 + 5_000, -1), false, entries));
    }
}
