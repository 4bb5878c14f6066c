package io.wharf.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few docker CLI clients looping over {@code run --rm} (default bridge and no network), {@code ps} and
 * {@code logs} while bundles are swapped. An answer that is a dropped connection is retried once the daemon answers
 * again, as a client with a retry policy does, and counted per phase; anything else wrong is a failure.
 */
final class SwapLoad implements AutoCloseable {
    /** What the docker CLI says when the daemon's socket is closed under it or not there for a moment. */
    private static final String[] DROPPED = {"Cannot connect to the Docker daemon", "connection reset by peer",
        "broken pipe", "error during connect", "unexpected EOF", ": EOF"};
    private final Docker docker;
    private final String logsOf;
    private final List<Thread> clients = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> dropsByPhase = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> dropMessages = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicLong> dropsByClient = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    /**
     * Swaps that rebuild the container engine: a {@code run} attached across one may lose its output (known
     * limit, in the README), though its container runs and exits as asked.
     */
    private static final List<String> ENGINE_REBUILDS = List.of("io.wharf.storage.overlay", "io.wharf.runtime.linux");
    private final ConcurrentLinkedQueue<String> lostOutput = new ConcurrentLinkedQueue<>();
    private volatile String phase = "warm-up";
    private volatile boolean running = true;

    /** Starts {@code count} clients; {@code logsOf} names the running container whose logs they read. */
    SwapLoad(Docker docker, String logsOf, int count) {
        this.docker = docker;
        this.logsOf = logsOf;
        for (int c = 0; c < count; c++) {
            int client = c;
            Thread t = new Thread(() -> loop(client), "swap-load-" + c);
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
    }

    /** Names what is being swapped now, so that a dropped connection is told apart by phase. */
    void phase(String name) {
        phase = name;
    }

    private void loop(int client) {
        for (int i = 0; running; i++) {
            String token = "c" + client + "-" + i;
            String[][] ops = {
                {"run", "--rm", "--network", "none", "busybox", "echo", token},
                {"run", "--rm", "busybox", "echo", token},
                {"ps", "--format", "{{.Names}}"},
                {"logs", "--tail", "1", logsOf},
            };
            String[] op = ops[i % ops.length];
            String expected = op[0].equals("run") ? token : op[0].equals("ps") ? logsOf : "tick";
            once(client, op, expected);
        }
    }

    private void once(int client, String[] args, String expected) {
        String phaseAtStart = phase;
        try {
            Docker.Result r = docker.run(args);
            if (dropped(r)) {
                String phaseNow = phase; // a drop belongs to the swap under way when it happens
                dropsByPhase.computeIfAbsent(phaseNow, k -> new AtomicLong()).incrementAndGet();
                dropsByClient.computeIfAbsent(client, k -> new AtomicLong()).incrementAndGet();
                dropMessages.add(phaseNow + ": docker " + String.join(" ", args) + " -> " + (r.out() + r.err()).strip());
                awaitDaemon();
                r = docker.run(args);
            }
            operations.incrementAndGet();
            if (r.exitCode() == 0 && args[0].equals("run") && !r.out().contains(expected)
                    && (ENGINE_REBUILDS.contains(phaseAtStart) || ENGINE_REBUILDS.contains(phase))) {
                // the container ran and exited 0, but its attach stream ended with the engine that was rebuilt
                lostOutput.add(phaseAtStart + ": docker " + String.join(" ", args));
                return;
            }
            if (r.exitCode() != 0 || !r.out().contains(expected)) {
                failures.add(phaseAtStart + ": docker " + String.join(" ", args) + " -> exit " + r.exitCode() + ": "
                        + (r.out() + r.err()).strip());
            }
        } catch (Exception | AssertionError e) {
            failures.add(phaseAtStart + ": docker " + String.join(" ", args) + " -> " + e);
        }
    }

    /** A client's retry policy: wait until the daemon answers again (at most 30 s), then retry once. */
    private void awaitDaemon() throws java.io.IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (docker.run("version", "--format", "{{.Server.Version}}").exitCode() != 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    private static boolean dropped(Docker.Result r) {
        if (r.exitCode() == 0) {
            return false;
        }
        String text = (r.err() + r.out()).toLowerCase(java.util.Locale.ROOT);
        for (String s : DROPPED) {
            if (text.contains(s.toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Runs whose output was lost to an engine rebuild (exit 0, nothing printed). */
    List<String> lostOutput() {
        return List.copyOf(lostOutput);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    long drops(String phaseName) {
        AtomicLong n = dropsByPhase.get(phaseName);
        return n == null ? 0 : n.get();
    }

    Map<String, AtomicLong> dropsByPhase() {
        return Map.copyOf(dropsByPhase);
    }

    /** What each dropped connection looked like, for the failure message and the report. */
    List<String> dropMessages() {
        return List.copyOf(dropMessages);
    }

    long operations() {
        return operations.get();
    }

    /** The most connections any one client saw dropped. */
    long mostDropsOfOneClient() {
        return dropsByClient.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : clients) {
            t.join(150_000);
        }
    }
}
