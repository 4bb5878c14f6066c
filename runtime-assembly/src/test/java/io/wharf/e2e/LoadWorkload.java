package io.wharf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Clients that each loop over a random mix of {@code run --rm} (on the default bridge and without a network),
 * {@code exec} (both through the docker CLI, which attaches and waits as users do), and {@code ps},
 * {@code inspect}, {@code logs} and {@code events} (HTTP over the unix socket) against one wharfd, for a bounded
 * time. Every answer is checked: a wrong status, exit code or output is an error.
 */
final class LoadWorkload {
    static final String TARGET = "load-target";
    private static final String[] OPERATIONS = {"run", "run-none", "exec", "exec", "ps", "ps", "inspect", "inspect",
        "logs", "events"};
    private static final int MAX_ERRORS_KEPT = 20;

    private final Wharfd wharfd;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong errorCount = new java.util.concurrent.atomic.AtomicLong();

    LoadWorkload(Wharfd wharfd) {
        this.wharfd = wharfd;
    }

    /** The long-running container that exec, logs and inspect use, on the default bridge. */
    void startTarget() throws IOException, InterruptedException {
        cli("run", "-d", "--name", TARGET, "busybox", "sh", "-c", "while true; do echo tick; sleep 1; done").ok();
    }

    /** Runs {@code clients} loops for {@code seconds}; returns when all have stopped. */
    void run(int clients, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(c);
            int client = c;
            loops.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    once(OPERATIONS[random.nextInt(OPERATIONS.length)], client + "-" + i);
                }
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(seconds + 180L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            errors.add("clients still busy 3 minutes after the end");
            errorCount.incrementAndGet();
        }
    }

    /** Each operation a few times, so that the baseline is taken after first-use class loading and JIT. */
    void warmUp() {
        for (int i = 0; i < 3; i++) {
            for (String op : OPERATIONS) {
                once(op, "warm-" + i);
            }
        }
    }

    private void once(String op, String token) {
        long start = System.nanoTime();
        String failure;
        try {
            failure = switch (op) {
                case "run" -> expectOutput(cli("run", "--rm", "busybox", "echo", token), token);
                case "run-none" -> expectOutput(cli("run", "--rm", "--network", "none", "busybox", "echo", token), token);
                case "exec" -> expectOutput(cli("exec", TARGET, "echo", token), token);
                case "ps" -> expectOk(wharfd.http().get("/containers/json"), TARGET);
                case "inspect" -> expectOk(wharfd.http().get("/containers/" + TARGET + "/json"), "\"Running\":true");
                case "logs" -> expectOk(wharfd.http().get("/containers/" + TARGET + "/logs?stdout=1&tail=3"), "tick");
                case "events" -> {
                    long now = System.currentTimeMillis() / 1000;
                    yield expectOk(wharfd.http().get("/events?since=" + (now - 5) + "&until=" + now), null);
                }
                default -> throw new IllegalArgumentException(op);
            };
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        latencies.computeIfAbsent(op, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(System.nanoTime() - start);
        if (failure != null) {
            errorCount.incrementAndGet();
            if (errors.size() < MAX_ERRORS_KEPT) {
                errors.add(op + " " + token + ": " + failure);
            }
        }
    }

    private static String expectOutput(Docker.Result r, String expected) {
        if (r.exitCode() != 0 || !r.out().strip().equals(expected)) {
            return "exit " + r.exitCode() + ", output " + (r.out() + r.err()).strip();
        }
        return null;
    }

    private static String expectOk(UnixHttp.Response r, String bodyPart) {
        if (r.status() != 200 || bodyPart != null && !r.body().contains(bodyPart)) {
            return "HTTP " + r.status() + " " + r.body().substring(0, Math.min(200, r.body().length()));
        }
        return null;
    }

    /** The docker CLI with its output read by the calling client thread: no shared pool between the clients. */
    private Docker.Result cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Docker.binary(), "-H", "unix://" + wharfd.socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("DOCKER_CONFIG", wharfd.dir.resolve("docker-config").toString());
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Docker.Result(-1, out, "timed out");
        }
        return new Docker.Result(p.exitValue(), out, "");
    }

    void resetFigures() {
        latencies.clear();
        errors.clear();
        errorCount.set(0);
    }

    long errorCount() {
        return errorCount.get();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    long requests() {
        return latencies.values().stream().mapToLong(List::size).sum();
    }

    /** Requests, p50 and p99 in milliseconds, for every operation and for all together. */
    String figures() {
        Map<String, List<Long>> byOp = new TreeMap<>(latencies);
        List<Long> all = new ArrayList<>();
        byOp.values().forEach(all::addAll);
        StringBuilder s = new StringBuilder(String.format("%-10s %8s %9s %9s%n", "operation", "requests", "p50 ms",
                "p99 ms"));
        byOp.forEach((op, l) -> s.append(line(op, l)));
        return s.append(line("all", all)).toString();
    }

    private static String line(String op, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("%-10s %8d %9.1f %9.1f%n", op, sorted.size(), percentile(sorted, 50), percentile(sorted, 99));
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
