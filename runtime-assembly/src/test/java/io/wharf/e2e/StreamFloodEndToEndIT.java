package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16, "streams starve the API": 300 hijacked attach connections to one container plus follow-mode logs,
 * events and wait streams must not keep the daemon from answering {@code /_ping}, {@code docker ps} and
 * {@code docker run}; once the clients hang up, the daemon's threads and file descriptors come back near where
 * they were, even though the container stays silent (nothing is written that would reveal a dead client).
 */
class StreamFloodEndToEndIT {
    private static final int ATTACH_STREAMS = 300;
    private static final int EACH_OTHER_STREAM = 20;
    private static final long ANSWER_SECONDS = 5;

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static final ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flood-client");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("streams").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        clients.shutdownNow();
        if (wharfd != null) {
            docker.run("rm", "-f", "quiet");
            wharfd.close();
        }
    }

    @Test
    void manyOpenStreamsLeaveTheApiAnsweringAndAreReleasedWhenTheirClientsLeave() throws Exception {
        String id = docker.run("run", "-d", "--network", "none", "--name", "quiet", "busybox",
                "sh", "-c", "echo ready; exec sleep 3600")
                .ok().out().strip();
        // warm up what any daemon creates lazily on its first requests, then take the baseline
        docker.run("run", "--rm", "--network", "none", "busybox", "true").ok();
        closeAll(open(id, 2, 2));
        Thread.sleep(2000);
        int threadsBefore = count("task");
        int fdsBefore = count("fd");

        List<SocketChannel> streams = open(id, ATTACH_STREAMS, EACH_OTHER_STREAM);
        try {
            long[] pings = new long[50];
            for (int i = 0; i < pings.length; i++) {
                long start = System.nanoTime();
                String ping = within(ANSWER_SECONDS, () -> wharfd.http().get("/_ping").body());
                pings[i] = System.nanoTime() - start;
                assertEquals("OK", ping);
            }
            Arrays.sort(pings);
            System.out.printf("/_ping with %d open streams: median %.1f ms, p99 %.1f ms%n", streams.size(),
                    pings[pings.length / 2] / 1e6, pings[pings.length * 99 / 100] / 1e6);
            Docker.Result ps = within(ANSWER_SECONDS, () -> docker.run("ps", "-q"));
            assertTrue(ps.ok().out().contains(id.substring(0, 12)), ps.out());
            within(3 * ANSWER_SECONDS, () -> docker.run("run", "--rm", "--network", "none", "busybox", "true")).ok();
        } finally {
            closeAll(streams);
        }

        // Threads and descriptors held for the streams are released without the container writing anything.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int threads;
        int fds;
        do {
            Thread.sleep(500);
            threads = count("task");
            fds = count("fd");
        } while ((threads > threadsBefore + 30 || fds > fdsBefore + 30) && System.nanoTime() < deadline);
        assertTrue(threads <= threadsBefore + 30, "threads: " + threadsBefore + " before, " + threads + " after: "
                + threadNames());
        assertTrue(fds <= fdsBefore + 30, "fds: " + fdsBefore + " before, " + fds + " after");
        assertEquals("OK", within(ANSWER_SECONDS, () -> wharfd.http().get("/_ping").body()));
    }

    /** Opens the streams and waits for each to be answered (101 for attach, 200 for the others). */
    private static List<SocketChannel> open(String id, int attaches, int eachOther) throws Exception {
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < attaches; i++) {
            requests.add("POST /v1.50/containers/" + id + "/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
        }
        for (int i = 0; i < eachOther; i++) {
            requests.add("GET /v1.50/containers/" + id + "/logs?follow=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\n\r\n");
            // since: the kept events are written at once, which sends the headers (as the log line does)
            requests.add("GET /v1.50/events?since=1 HTTP/1.1\r\nHost: docker\r\n\r\n");
            requests.add("POST /v1.50/containers/" + id + "/wait?condition=not-running HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Length: 0\r\n\r\n");
        }
        List<SocketChannel> open = new ArrayList<>();
        List<Future<String>> answers = new ArrayList<>();
        for (String request : requests) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            open.add(ch);
            ch.connect(UnixDomainSocketAddress.of(wharfd.socket));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            answers.add(clients.submit(() -> statusLine(ch)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < answers.size(); i++) {
            String status;
            try {
                status = answers.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                closeAll(open);
                throw new AssertionError("stream " + i + " of " + answers.size() + " was not answered in 30 s");
            }
            String expected = requests.get(i).startsWith("POST /v1.50/containers/" + id + "/attach") ? " 101 " : " 200 ";
            assertTrue(status.contains(expected), "stream " + i + ": " + status);
        }
        return open;
    }

    /** Reads up to the end of the response headers. */
    private static String statusLine(SocketChannel ch) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (ch.read(one) < 0) {
                break;
            }
            head.append((char) one.get(0));
        }
        return head.toString().lines().findFirst().orElse("");
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static int count(String what) throws IOException {
        try (var entries = Files.list(Path.of("/proc", Long.toString(wharfd.pid()), what))) {
            return (int) entries.count();
        }
    }

    /** The daemon's threads by name (numbers left out), for a failure message. */
    private static String threadNames() throws IOException {
        java.util.Map<String, Integer> names = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(wharfd.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.merge(Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#"), 1,
                            Integer::sum);
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return names.toString();
    }

    interface Call<T> {
        T call() throws Exception;
    }

    /** The call's answer, or a failure naming the time limit if it takes longer. */
    private static <T> T within(long seconds, Call<T> call) throws Exception {
        Future<T> answer = clients.submit(call::call);
        try {
            return answer.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new AssertionError("no answer within " + seconds + " s with the streams open");
        }
    }
}
