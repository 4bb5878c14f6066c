package io.wharf.containers.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.LogDriverOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
    private static final String ID = "c1";

    @TempDir
    Path dir;

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private LogRotator rotator;

    @AfterEach
    void stop() {
        if (rotator != null) {
            rotator.close();
        }
        workers.shutdownNow();
    }

    private void awaitPrepared(LogFiles files) throws InterruptedException {
        for (int i = 0; i < 500 && !Files.exists(files.prepared()); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(files.prepared()), "the rotator prepared conmon's next file");
    }

    /** Writes lines 1..n, waiting after each rollover for the rotator as a running daemon would be there. */
    private void write(FakeConmon conmon, LogFiles files, int from, int to) throws Exception {
        for (int n = from; n <= to; n++) {
            if (conmon.line(n)) {
                awaitPrepared(files);
            }
        }
    }

    private String logs(Path live, int tail, boolean follow, AtomicBoolean running) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogStreamer(live, new LogOptions(true, true, follow, false, 0, 0, tail), running::get,
                next -> rotator.follow(ID, next)).stream(new StdWriter(out, false));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> "line " + n + "\n").collect(Collectors.joining());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsMaxFileFilesCompressedAndReadsAcrossThem() throws Exception {
        rotator = new LogRotator(workers);
        Path live = dir.resolve("container.log");
        LogFiles files = new LogFiles(live);
        FakeConmon conmon = new FakeConmon(live, 1000);
        conmon.line(1);
        rotator.watch(ID, live, LogDriverOptions.parse("json-file",
                Map.of("max-size", "1000", "max-file", "3", "compress", "true")));
        awaitPrepared(files);
        write(conmon, files, 2, 400);
        rotator.sync(ID);
        for (int i = 0; i < 500 && names().stream().anyMatch(n -> n.matches("container\\.log\\.\\d+")
                && !isLiveOrPrepared(files, n)); i++) {
            Thread.sleep(10);
        }
        List<String> names = names();
        assertEquals(2, names.stream().filter(n -> n.endsWith(".gz")).count(), names.toString());
        long onDisk = 0;
        for (String n : names) {
            onDisk += Files.size(dir.resolve(n));
        }
        assertTrue(onDisk < 3000, "at most max-file x max-size: " + onDisk);

        String all = logs(live, -1, false, new AtomicBoolean(false));
        assertTrue(all.endsWith(lines(370, 400)), all);
        int first = Integer.parseInt(all.substring(5, all.indexOf('\n')));
        assertEquals(lines(first, 400), all, "contiguous, nothing repeated");
        assertTrue(first > 300 && first < 370, "about two rotated files and the live one: from " + first);
        String liveOnly = Files.readString(live);
        long liveLines = liveOnly.lines().count();
        assertEquals(lines(400 - (int) liveLines - 4, 400), logs(live, (int) liveLines + 5, false,
                new AtomicBoolean(false)), "a tail reaching into a compressed file");
        assertEquals(lines(398, 400), logs(live, 3, false, new AtomicBoolean(false)));
        assertEquals("", logs(live, 0, false, new AtomicBoolean(false)));
    }

    private static boolean isLiveOrPrepared(LogFiles files, String name) {
        Object key = LogFiles.key(files.generation(Long.parseLong(name.substring(name.lastIndexOf('.') + 1))));
        return key != null && (key.equals(LogFiles.key(files.live())) || key.equals(LogFiles.key(files.prepared())));
    }

    @Test
    void aFollowerSeesEveryLineInOrderAcrossRotations() throws Exception {
        rotator = new LogRotator(workers);
        Path live = dir.resolve("container.log");
        LogFiles files = new LogFiles(live);
        FakeConmon conmon = new FakeConmon(live, 2000);
        conmon.line(1);
        rotator.watch(ID, live, LogDriverOptions.parse("json-file", Map.of("max-size", "2000", "max-file", "2")));
        awaitPrepared(files);
        AtomicBoolean running = new AtomicBoolean(true);
        Future<String> follower = workers.submit(() -> logs(live, -1, true, running));
        Thread.sleep(200);
        write(conmon, files, 2, 5000);
        running.set(false);
        String seen = follower.get(30, TimeUnit.SECONDS);
        assertEquals(lines(1, 5000), seen);
        assertFalse(Files.exists(files.generation(1)), "max-file 2 deleted the oldest files");
    }

    @Test
    void withoutRotationNothingIsWatched() throws Exception {
        rotator = new LogRotator(workers);
        Path live = dir.resolve("container.log");
        new FakeConmon(live, Long.MAX_VALUE).line(1);
        rotator.watch(ID, live, "json-file", Map.of());
        assertEquals(null, rotator.follow(ID, s -> { }));
        assertEquals(List.of("container.log"), names());
        assertEquals(lines(1, 1), logs(live, -1, false, new AtomicBoolean(false)));
    }

    @Test
    void aPluginDriversFileIsWatchedAsTheDualLoggingCache() throws Exception {
        rotator = new LogRotator(workers);
        Path live = dir.resolve("container.log");
        new FakeConmon(live, Long.MAX_VALUE).line(1);
        rotator.watch(ID, live, "acme-plugin", Map.of("acme-level", "loud"));
        // the live file is numbered (a forwarder reads only numbered generations) and the next one prepared
        LogFiles files = new LogFiles(live);
        awaitPrepared(files);
        assertTrue(files.liveGeneration(files.generations()) >= 0, "the live file has a generation");
    }

    @Test
    void aFileConmonMadeWhileTheRotatorWasLateKeepsItsPlaceBeforeThePreparedOne() throws Exception {
        rotator = new LogRotator(workers);
        Path live = dir.resolve("container.log");
        LogFiles files = new LogFiles(live);
        String record = "2024-05-01T10:00:00.000000001Z stdout F line ";
        Files.writeString(files.generation(1), record + "1\n"); // the live file before conmon's own rollover
        Files.writeString(live, record + "2\n"); // conmon's own file, not linked by the rotator
        Files.createFile(files.generation(2)); // prepared after conmon's rename, from a stale look at the files
        Files.createLink(files.prepared(), files.generation(2));

        rotator.watch(ID, live, LogDriverOptions.parse("json-file", Map.of("max-size", "1m", "max-file", "5")));
        Files.writeString(files.prepared(), record + "3\n", StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(files.prepared(), live, StandardCopyOption.ATOMIC_MOVE); // conmon's next rollover
        rotator.sync(ID);

        assertEquals(lines(1, 3), logs(live, -1, false, new AtomicBoolean(false)));
        assertEquals(LogFiles.key(live), LogFiles.key(files.generation(4)), "the prepared file moved above");
    }
}
