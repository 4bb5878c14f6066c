package io.wharf.containers.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.containers.logs.drivers.LogMessage;
import io.wharf.containers.logs.drivers.LogSink;
import io.wharf.support.LogDriverOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogForwarderTest {
    private static final String ID = "c1";

    @TempDir
    Path dir;

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private LogRotator rotator;
    private Path live;
    private LogFiles files;
    private FakeConmon conmon;

    /** Keeps what it is sent, as text with the stream and partial flags; can fail a number of sends. */
    private static final class RecordingSink implements LogSink {
        final List<String> sent = new ArrayList<>();
        int failures;
        boolean closed;

        @Override
        public void send(LogMessage m, BooleanSupplier stop) throws IOException {
            if (failures > 0) {
                failures--;
                throw new IOException("endpoint down");
            }
            sent.add((m.stderr() ? "E " : "") + new String(m.line(), StandardCharsets.UTF_8)
                    + (m.partial() ? " (partial)" : ""));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @BeforeEach
    void start() throws Exception {
        rotator = new LogRotator(workers);
        live = dir.resolve("container.log");
        files = new LogFiles(live);
        conmon = new FakeConmon(live, 1000);
        conmon.line(1);
        rotator.watch(ID, live, LogDriverOptions.parse("syslog", Map.of("cache-max-size", "1000",
                "cache-max-file", "3", "cache-compress", "true")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        rotator.close();
        workers.shutdownNow();
        // a rotation's compression may still be writing into the temporary folder JUnit is about to delete
        workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void write(int from, int to) throws Exception {
        for (int n = from; n <= to; n++) {
            if (conmon.line(n)) {
                rotator.sync(ID); // as the rotator's watcher does on conmon's rename
            }
        }
        rotator.sync(ID);
    }

    private static void drain(LogForwarder forwarder) throws IOException {
        for (int i = 0; i < 1000 && forwarder.forwardAvailable(); i++) {
            // each true is a move to the next file
        }
    }

    private static List<String> lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> "line " + n).collect(Collectors.toList());
    }

    @Test
    void sendsEveryLineInOrderAcrossRotatedAndCompressedFiles() throws Exception {
        RecordingSink sink = new RecordingSink();
        LogForwarder forwarder = new LogForwarder(ID, live, sink, () -> true, f -> true);
        drain(forwarder);
        write(2, 30); // about 50 bytes a line: a few files of 1000 bytes, within max-file
        drain(forwarder);
        conmon.record("stderr P first half");
        conmon.record("stderr F second half");
        drain(forwarder);
        List<String> expected = lines(1, 30);
        expected.add("E first half (partial)");
        expected.add("E second half");
        assertEquals(expected, sink.sent);
        assertTrue(files.generations().size() > 2, "the lines went through several files");
    }

    @Test
    void resumesAfterARestartWithTheLinesWrittenMeanwhile() throws Exception {
        RecordingSink first = new RecordingSink();
        write(2, 10);
        new LogForwarder(ID, live, first, () -> false, f -> true).run(); // drains, saves its position, ends
        assertEquals(lines(1, 10), first.sent);
        assertTrue(first.closed);
        assertTrue(Files.exists(dir.resolve(LogForwarder.POSITION_FILE)));

        write(11, 40); // while no daemon runs: conmon goes on, across files
        RecordingSink second = new RecordingSink();
        new LogForwarder(ID, live, second, () -> false, f -> true).run();
        assertEquals(lines(11, 40), second.sent, "neither lost nor repeated");
    }

    @Test
    void skipsWhatRotationDeletedBeforeItWasSentAndGoesOn() throws Exception {
        RecordingSink sink = new RecordingSink();
        LogForwarder forwarder = new LogForwarder(ID, live, sink, () -> true, f -> true);
        drain(forwarder);
        write(2, 200); // far more than max-file x max-size while the sink is not read
        drain(forwarder);
        assertEquals("line 200", sink.sent.get(sink.sent.size() - 1));
        assertFalse(sink.sent.contains("line 50"), "the deleted files' lines are gone");
        List<Integer> numbers = sink.sent.stream().map(l -> Integer.parseInt(l.substring(5))).toList();
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i) > numbers.get(i - 1), "in order: " + numbers);
        }
    }

    @Test
    void aFailingSinkDropsEntriesWithoutStopping() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.failures = 3;
        write(2, 5);
        LogForwarder forwarder = new LogForwarder(ID, live, sink, () -> true, f -> true);
        drain(forwarder);
        assertEquals(lines(4, 5), sink.sent);
    }

    @Test
    void aStoppedContainersForwarderEndsOnlyWhenRetired() throws Exception {
        RecordingSink sink = new RecordingSink();
        int[] asked = {0};
        Thread t = new Thread(new LogForwarder(ID, live, sink, () -> false, f -> ++asked[0] >= 3));
        t.start();
        t.join(5_000);
        assertFalse(t.isAlive());
        assertEquals(3, asked[0], "kept polling while the registry said a new run took over");
        assertEquals(lines(1, 1), sink.sent);
    }
}
