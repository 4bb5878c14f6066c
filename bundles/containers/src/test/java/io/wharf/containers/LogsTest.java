package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.containers.logs.LogOptions;
import io.wharf.containers.logs.LogStreamer;
import io.wharf.containers.logs.StdWriter;
import io.wharf.support.Times;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsTest {
    @TempDir
    Path tmp;

    static final String LOG = """
            2024-05-01T10:00:00.000000001Z stdout F first
            2024-05-01T10:00:01.5Z stderr F oops
            2024-05-01T10:00:02.000000000Z stdout P par
            2024-05-01T10:00:02.100000000Z stdout P t
            2024-05-01T10:00:02.200000000Z stdout F ial
            2024-05-01T10:00:03+02:00 stdout F zoned
            not a cri line
            2024-05-01T10:00:04.000000000Z stdout F 
            2024-05-01T10:00:05.000000000Z stdout F last
            """;

    private String read(String content, LogOptions options, boolean multiplexed) throws Exception {
        Path file = tmp.resolve("container.log");
        Files.writeString(file, content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogStreamer(file, options, () -> false).stream(new StdWriter(out, multiplexed));
        return multiplexed ? demux(out.toByteArray()) : out.toString(StandardCharsets.UTF_8);
    }

    /** Decodes frames as "<stream>:<payload>" lines. */
    static String demux(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int stream = b[i];
            assertEquals(0, b[i + 1] | b[i + 2] | b[i + 3]);
            int len = ((b[i + 4] & 0xff) << 24) | ((b[i + 5] & 0xff) << 16) | ((b[i + 6] & 0xff) << 8)
                    | (b[i + 7] & 0xff);
            sb.append(stream).append(':').append(new String(b, i + 8, len, StandardCharsets.UTF_8));
            i += 8 + len;
        }
        return sb.toString();
    }

    static LogOptions all() {
        return new LogOptions(true, true, false, false, 0, 0, -1);
    }

    @Test
    void framesEachLineWithItsStreamAndJoinsPartials() throws Exception {
        assertEquals("1:first\n2:oops\n1:partial\n1:zoned\n1:\n1:last\n", read(LOG, all(), true));
    }

    @Test
    void rawForTtyAndStreamSelection() throws Exception {
        assertEquals("first\npartial\nzoned\n\nlast\n",
                read(LOG, new LogOptions(true, false, false, false, 0, 0, -1), false));
        assertEquals("2:oops\n", read(LOG, new LogOptions(false, true, false, false, 0, 0, -1), true));
    }

    @Test
    void outputEndingMidLineIsShownAsItIs() throws Exception {
        String log = LOG + "2024-05-01T10:00:06.000000000Z stdout P no newline at the end\n";
        assertEquals("1:first\n2:oops\n1:partial\n1:zoned\n1:\n1:last\n1:no newline at the end",
                read(log, all(), true));
        assertEquals("1:no newline at the end", read(log, new LogOptions(true, true, false, false, 0, 0, 1), true));
    }

    @Test
    void aLongLineIsCutIntoSixteenKibiBytePiecesAsDockersLogCopierDoes() throws Exception {
        String piece = "a".repeat(8192);
        String log = "2024-05-01T10:00:00Z stdout P " + piece + "\n" + "2024-05-01T10:00:00Z stdout P " + piece + "\n"
                + "2024-05-01T10:00:00Z stdout F " + "b".repeat(3616) + "\n"
                + "2024-05-01T10:00:01Z stdout F " + "c".repeat(16384) + "\n"
                + "2024-05-01T10:00:02Z stdout F short\n";
        assertEquals("1:" + piece + piece + "1:" + "b".repeat(3616) + "\n" + "1:" + "c".repeat(16384) + "1:\n"
                + "1:short\n", read(log, all(), true));
    }

    @Test
    void tailCountsJoinedLines() throws Exception {
        assertEquals("1:\n1:last\n", read(LOG, new LogOptions(true, true, false, false, 0, 0, 2), true));
        assertEquals("1:partial\n1:zoned\n1:\n1:last\n",
                read(LOG, new LogOptions(true, true, false, false, 0, 0, 4), true));
        assertEquals("", read(LOG, new LogOptions(true, true, false, false, 0, 0, 0), true));
        assertEquals(read(LOG, all(), true), read(LOG, new LogOptions(true, true, false, false, 0, 0, 100), true));
    }

    @Test
    void tailCountsSixteenKibiBytePiecesAsDockerStoresThem() throws Exception {
        String piece = "a".repeat(8192);
        String log = "2024-05-01T10:00:00Z stdout P " + piece + "\n" + "2024-05-01T10:00:00Z stdout P " + piece + "\n"
                + "2024-05-01T10:00:00Z stdout P " + piece + "\n" + "2024-05-01T10:00:00Z stdout F " + "b".repeat(100)
                + "\n" + "2024-05-01T10:00:01Z stdout F " + "c".repeat(16384) + "\n"
                + "2024-05-01T10:00:02Z stdout F short\n";
        // the 24676-byte line is two entries (16 KiB, then the rest with its newline); the 16 KiB one is two too
        assertEquals("1:short\n", read(log, new LogOptions(true, true, false, false, 0, 0, 1), true));
        assertEquals("1:" + "c".repeat(16384) + "1:\n" + "1:short\n",
                read(log, new LogOptions(true, true, false, false, 0, 0, 3), true));
        assertEquals("1:" + piece + "b".repeat(100) + "\n" + "1:" + "c".repeat(16384) + "1:\n" + "1:short\n",
                read(log, new LogOptions(true, true, false, false, 0, 0, 4), true));
        assertEquals(read(log, all(), true), read(log, new LogOptions(true, true, false, false, 0, 0, 5), true));
    }

    @Test
    void sinceAndUntil() throws Exception {
        long since = Times.parseSinceUntil("1714557602", java.time.Instant.now());
        long until = Times.parseSinceUntil("1714557604.5", java.time.Instant.now());
        // 10:00:03+02:00 is 08:00:03Z, before since
        assertEquals("1:partial\n1:\n", read(LOG, new LogOptions(true, true, false, false, since, until, -1), true));
    }

    @Test
    void timestampsInDockersFixedFormat() throws Exception {
        String out = read(LOG, new LogOptions(true, true, false, true, 0, 0, -1), true);
        List<String> lines = out.lines().toList();
        assertEquals("1:2024-05-01T10:00:00.000000001Z first", lines.get(0));
        assertEquals("2:2024-05-01T10:00:01.500000000Z oops", lines.get(1));
        assertEquals("1:2024-05-01T10:00:02.000000000Z partial", lines.get(2));
        assertEquals("1:2024-05-01T08:00:03.000000000Z zoned", lines.get(3));
    }

    @Test
    void followEndsWhenTheContainerStopsAndSeesAppends() throws Exception {
        Path file = tmp.resolve("container.log");
        Files.writeString(file, "2024-05-01T10:00:00.000000000Z stdout F one\n");
        AtomicBoolean running = new AtomicBoolean(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                new LogStreamer(file, new LogOptions(true, true, true, false, 0, 0, -1), running::get)
                        .stream(new StdWriter(out, false));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        Thread.sleep(250);
        Files.writeString(file, "2024-05-01T10:00:01.000000000Z stdout P tw", java.nio.file.StandardOpenOption.APPEND);
        Thread.sleep(250);
        Files.writeString(file, "\n2024-05-01T10:00:01.000000000Z stdout F o\n",
                java.nio.file.StandardOpenOption.APPEND);
        Thread.sleep(250);
        running.set(false);
        t.join(5000);
        assertTrue(!t.isAlive());
        assertEquals("one\ntwo\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void followSurvivesTruncation() throws Exception {
        Path file = tmp.resolve("container.log");
        Files.writeString(file, "2024-05-01T10:00:00.000000000Z stdout F aaaaaaaaaaaaaaaaaaaa\n");
        AtomicBoolean running = new AtomicBoolean(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                new LogStreamer(file, new LogOptions(true, true, true, false, 0, 0, -1), running::get)
                        .stream(new StdWriter(out, false));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        Thread.sleep(250);
        Files.writeString(file, "2024-05-01T10:00:01.000000000Z stdout F b\n");
        Thread.sleep(300);
        running.set(false);
        t.join(5000);
        assertEquals("aaaaaaaaaaaaaaaaaaaa\nb\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fiftyMebibytesInWellUnderTwoSeconds() throws Exception {
        Path file = tmp.resolve("big.log");
        byte[] line = "2024-05-01T10:00:00.123456789Z stdout F the quick brown fox jumps over the lazy dog 0123456789\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            while (written < 50L * 1024 * 1024) {
                o.write(line);
                written += line.length;
            }
        }
        OutputStream sink = new OutputStream() {
            long n;

            @Override
            public void write(int b) {
                n++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n += len;
            }
        };
        for (int round = 0; round < 2; round++) { // the second round is the warm one
            long t0 = System.nanoTime();
            new LogStreamer(file, new LogOptions(true, true, false, true, 0, 0, -1), () -> false)
                    .stream(new StdWriter(new BufferedOutputStream(sink, 256 * 1024), true));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (round == 1) {
                assertTrue(millis < 1500, "took " + millis + " ms");
            }
        }
    }

    @Test
    void ttyOutputFramesAreRawAndFrameHelperMatchesDocker() {
        byte[] f = StdWriter.frame(io.wharf.api.runtime.StreamType.STDERR, "hi".getBytes(), 0, 2);
        assertEquals(List.of(2, 0, 0, 0, 0, 0, 0, 2, (int) 'h', (int) 'i'), toList(f));
    }

    private static List<Integer> toList(byte[] b) {
        List<Integer> l = new ArrayList<>();
        for (byte x : b) {
            l.add((int) x);
        }
        return l;
    }
}
