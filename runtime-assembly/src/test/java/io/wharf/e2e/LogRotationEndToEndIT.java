package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log rotation with the docker CLI: daemon-wide log-opts from daemon.json, a container writing about 50 MiB
 * keeps about max-file x max-size on disk, docker logs shows what is kept, a logs -f started before the writing
 * sees every line in order, compress gzips rotated files, and --log-opt is checked as dockerd checks it.
 */
class LogRotationEndToEndIT {
    /** seq 1 6500000 prints about 50 MiB. */
    private static final int LINES = 6_500_000;

    private static Path work;
    private static Wharfd wharfd;
    private static Docker docker;

    @BeforeAll
    static void startDaemon() throws Exception {
        work = Files.createTempDirectory("wharf-e2e-logrotation");
        Path config = work.resolve("daemon.json");
        Files.writeString(config, "{\"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"1m\", "
                + "\"max-file\": \"3\"}}");
        wharfd = new Wharfd("logrot", "--config-file", config.toString()).start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
        if (work != null) {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
        }
    }

    /**
     * As fast as busybox's seq and conmon go (about 60 MB/s of log here, a full 1 MiB file every ~20 ms): wharfd must
     * prepare conmon's next file within about two files' time, and a JVM pause longer than that (a full GC while a
     * follower streams) loses the lines of the files conmon replaced meanwhile. What holds regardless: the disk
     * bound, and lines in order, never repeated, ending with the last.
     */
    @Test
    void fiftyMegabytesAtFullSpeedKeepAboutThreeMegabytes() throws Exception {
        String id = docker.run("run", "-d", "--network", "none", "--name", "chatty", "busybox", "sh", "-c",
                "sleep 1; seq 1 " + LINES).ok().out().strip();
        assertEquals("{\"max-file\":\"3\",\"max-size\":\"1m\"}",
                docker.run("inspect", "--format", "{{json .HostConfig.LogConfig.Config}}", "chatty").ok().out().strip(),
                "daemon.json's log-opts apply to a container that sets none");
        Docker.Result followed = docker.run("logs", "-f", "chatty").ok();
        assertEquals("0", docker.run("wait", "chatty").ok().out().strip());
        int seen = assertIncreasing(followed.out(), LINES, "logs -f");
        System.out.printf("logs -f at full speed saw %d of %d lines%n", seen, LINES);

        long onDisk = logBytes(id);
        for (int i = 0; i < 20 && onDisk > 3 * (1 << 20); i++) {
            Thread.sleep(100); // the rotator may still be applying max-file to the last rollover
            onDisk = logBytes(id);
        }
        assertTrue(onDisk <= 3 * (1 << 20) + (256 << 10), "at most about 3 MiB of log on disk: " + onDisk);
        int kept = assertIncreasing(docker.run("logs", "chatty").ok().out(), LINES, "docker logs");
        assertTrue(kept > 40_000, "two rotated files and the live one are shown: " + kept + " lines");
        docker.run("rm", "chatty").ok();
    }

    /** A writer wharfd keeps up with (bursts of ~400 KiB of log): logs -f sees every one of 50 MiB of lines. */
    @Test
    void aFollowerThatKeepsUpSeesEveryLineInOrder() throws Exception {
        String id = docker.run("run", "-d", "--network", "none", "--name", "paced", "busybox", "sh", "-c",
                "sleep 1; i=0; while [ $i -lt " + LINES + " ]; do seq $((i+1)) $((i+10000)); i=$((i+10000)); "
                        + "sleep 0.01; done").ok().out().strip();
        Docker.Result followed = docker.run("logs", "-f", "paced").ok();
        assertNumbered(followed.out(), 1, LINES, "logs -f");
        assertTrue(logBytes(id) <= 3 * (1 << 20) + (256 << 10), "at most about 3 MiB on disk: " + logBytes(id));
        String kept = docker.run("logs", "paced").ok().out();
        int first = Integer.parseInt(kept.substring(0, kept.indexOf('\n')));
        assertNumbered(kept, first, LINES, "docker logs");
        assertNumbered(docker.run("logs", "--tail", "30000", "paced").ok().out(), LINES - 29_999, LINES,
                "a tail reaching into a rotated file");
        docker.run("rm", "paced").ok();
    }

    @Test
    void compressGzipsRotatedFilesAndLogsReadsThem() throws Exception {
        // paced (about 100 KiB a second): a writer that fills its files faster than wharfd can prepare the next one
        // loses lines, the limit the README's "Container logs" names; this test is about reading gzipped files
        docker.run("run", "--network", "none", "--name", "zipped", "--log-opt", "max-size=100k",
                "--log-opt", "max-file=4", "--log-opt", "compress=true", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 50000 ]; do seq $((i+1)) $((i+2000)); i=$((i+2000)); sleep 0.1; done").ok();
        String id = docker.run("inspect", "--format", "{{.Id}}", "zipped").ok().out().strip();
        List<String> gz = List.of();
        for (int i = 0; i < 50 && gz.size() < 3; i++) {
            Thread.sleep(100);
            gz = logFiles(id).stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".gz")).toList();
        }
        assertEquals(3, gz.size(), "max-file 4: three rotated files, gzipped: " + logFiles(id));
        String kept = docker.run("logs", "zipped").ok().out();
        int first = Integer.parseInt(kept.substring(0, kept.indexOf('\n')));
        assertNumbered(kept, first, 50_000, "docker logs over gzipped files");
        assertTrue(50_000 - first > 5_000, "the gzipped files are read, not only the live one: from " + first);
        docker.run("rm", "zipped").ok();
    }

    @Test
    void logOptionsAreCheckedAsDockerdChecksThem() throws Exception {
        Docker.Result r = docker.run("create", "--log-opt", "max-sise=1m", "busybox");
        assertTrue(r.exitCode() != 0);
        assertTrue(r.err().contains("unknown log opt 'max-sise' for json-file log driver"), r.err());
        r = docker.run("create", "--log-opt", "max-size=1m", "--log-opt", "max-file=0", "busybox");
        assertTrue(r.err().contains("max-file cannot be less than 1"), r.err());
        r = docker.run("create", "--log-driver", "local", "--log-opt", "labels=a", "busybox");
        assertTrue(r.err().contains("unknown log opt 'labels' for log driver local"), r.err());
        try (Wharfd bad = new Wharfd("logbad", "--log-opt", "max-file=x")) {
            Docker.Result failed = bad.startExpectingFailure();
            assertEquals(1, failed.exitCode());
            assertTrue(failed.out().contains("failed to set log opts: strconv.Atoi: parsing \"x\": invalid syntax"),
                    failed.out());
        }
    }

    private static List<Path> logFiles(String id) throws IOException {
        try (Stream<Path> s = Files.list(wharfd.dataRoot.resolve("containers").resolve(id))) {
            return s.filter(p -> p.getFileName().toString().startsWith("container.log")).sorted().toList();
        }
    }

    private static long logBytes(String id) throws IOException {
        long total = 0;
        for (Path p : logFiles(id)) {
            total += Files.size(p);
        }
        return total;
    }

    /** The text holds increasing numbers, one a line, the last being {@code last}; returns how many. */
    private static int assertIncreasing(String text, int last, String what) {
        int previous = 0;
        int count = 0;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            assertTrue(nl > 0, what + ": the last line is cut at " + pos);
            int n = Integer.parseInt(text.substring(pos, nl));
            if (n <= previous) {
                throw new AssertionError(what + ": " + n + " after " + previous);
            }
            previous = n;
            count++;
            pos = nl + 1;
        }
        assertEquals(last, previous, what + ": the last line");
        return count;
    }

    /** The text is exactly the lines from..to, one number each, in order. */
    private static void assertNumbered(String text, int from, int to, String what) {
        int expected = from;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            assertTrue(nl > 0, what + ": the last line is cut at " + pos);
            String line = text.substring(pos, nl);
            if (!line.equals(Integer.toString(expected))) {
                throw new AssertionError(what + ": expected line " + expected + " but got \"" + line + "\"");
            }
            expected++;
            pos = nl + 1;
        }
        assertEquals(to + 1, expected, what + ": lines end at " + (expected - 1));
    }
}
