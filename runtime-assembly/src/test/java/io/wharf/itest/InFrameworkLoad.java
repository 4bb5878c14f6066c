package io.wharf.itest;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A few in-framework clients, as a vendor bundle would be: each loops over create, start, wait, logs (through the
 * REST API), list and remove of a short container on the default bridge with a volume, taking the container
 * service from a tracker for every call (it is registered again when the engine is rebuilt on a new driver). A
 * wait whose engine was replaced under it is asked again of the new service; a logs request whose connection the
 * REST bundle's swap cut is retried once and counted; anything else wrong is a failure.
 */
final class InFrameworkLoad implements AutoCloseable {
    private static final long SERVICE_WAIT_MS = 30_000;
    private static final long EXIT_WAIT_MS = 60_000;
    private final ServiceTracker<ContainerService, ContainerService> containers;
    private final String volume;
    private final ExecutorService clients;
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> dropsByPhase = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rewaitsByPhase = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> retriesByPhase = new ConcurrentHashMap<>();
    private final AtomicLong cycles = new AtomicLong();
    /** Containers that ran {@code sh -c 'cat; echo'} and were recorded with another exit code than 0. */
    private final ConcurrentLinkedQueue<String> wrongExitCodes = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> cyclesByPhase = new ConcurrentHashMap<>();
    private volatile String phase = "warm-up";
    private volatile boolean running = true;

    InFrameworkLoad(ServiceTracker<ContainerService, ContainerService> containers, String volume, int count) {
        this.containers = containers;
        this.volume = volume;
        this.clients = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r, "in-framework-load");
            t.setDaemon(true); // a client stuck in a call must not keep the test JVM alive
            return t;
        });
        IntStream.range(0, count).forEach(client -> clients.execute(() -> loop(client)));
    }

    /** Names what is being swapped now, so that a retry is told apart by phase. */
    void phase(String name) {
        phase = name;
    }

    private void loop(int client) {
        for (int i = 0; running; i++) {
            String name = "load-" + client + "-" + i;
            String phaseAtStart = phase;
            try {
                cycle(name);
                cycles.incrementAndGet();
                cyclesByPhase.computeIfAbsent(phase, k -> new AtomicLong()).incrementAndGet();
            } catch (Exception | Error e) { // a NoClassDefFoundError of a refreshed bundle too: the client goes on
                failures.add(phaseAtStart + (phase.equals(phaseAtStart) ? "" : " to " + phase) + ": " + name
                        + ": " + e + (e instanceof Error && !(e instanceof AssertionError)
                        ? " at " + java.util.Arrays.toString(java.util.Arrays.copyOf(e.getStackTrace(),
                                Math.min(8, e.getStackTrace().length))) : ""));
                removeQuietly(name);
            }
        }
    }

    private void cycle(String name) throws Exception {
        String token = "out-" + name;
        String request = "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"cat /data/marker; echo " + token + "\"],"
                + "\"HostConfig\":{\"Binds\":[\"" + volume + ":/data:ro\"]}}";
        String id = onService(s -> s.create(name, request.getBytes(StandardCharsets.UTF_8)));
        onService(s -> {
            s.start(id);
            return null;
        });
        int exit = awaitExit(id);
        if (exit != 0) {
            wrongExitCodes.add(phase + ": " + name + " exited " + exit);
            throw new AssertionError("exit code " + exit + " for " + name);
        }
        String logs = logs(id);
        if (!logs.contains(token) || !logs.contains("kept")) {
            throw new AssertionError("logs of " + name + " lack its output: " + logs);
        }
        List<ContainerInfo> listed = onService(ContainerService::list);
        if (listed.stream().noneMatch(c -> c.id().equals(id))) {
            throw new AssertionError(name + " not listed");
        }
        onService(s -> {
            s.remove(id, false);
            return null;
        });
    }

    private interface ServiceCall<T> {
        T apply(ContainerService service) throws Exception;
    }

    /**
     * A call on the container service registered now. A service whose engine was replaced meanwhile refuses with
     * UNAVAILABLE: the call is made again, once, on the service that replaced it, and counted.
     */
    private <T> T onService(ServiceCall<T> call) throws Exception {
        ContainerService asked = service();
        try {
            return call.apply(asked);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.UNAVAILABLE || containers.getService() == asked) {
                throw e;
            }
            retriesByPhase.computeIfAbsent(phase, k -> new AtomicLong()).incrementAndGet();
            return call.apply(service());
        }
    }

    /** The exit code; a wait on an engine that was closed meanwhile is asked again of the one that replaced it. */
    private int awaitExit(String id) throws Exception {
        long deadline = System.currentTimeMillis() + EXIT_WAIT_MS;
        while (true) {
            ContainerService asked = service();
            CompletionStage<Integer> exit = onService(s -> s.awaitStop(id));
            while (System.currentTimeMillis() < deadline) {
                try {
                    return exit.toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    if (containers.getService() != asked) {
                        rewaitsByPhase.computeIfAbsent(phase, k -> new AtomicLong()).incrementAndGet();
                        break;
                    }
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new AssertionError("no exit of " + id + " in " + EXIT_WAIT_MS + " ms");
            }
        }
    }

    private String logs(String id) throws Exception {
        String path = "/containers/" + id + "/logs?stdout=1&stderr=1";
        WharfFramework.Reply reply;
        try {
            reply = WharfFramework.request("GET", path, null);
        } catch (IOException dropped) {
            // the REST bundle's swap closes its listeners: one retry once it listens again
            dropsByPhase.computeIfAbsent(phase, k -> new AtomicLong()).incrementAndGet();
            awaitApi();
            reply = WharfFramework.request("GET", path, null);
        }
        if (reply.status() != 200) {
            throw new AssertionError("logs: " + reply.text());
        }
        return reply.text();
    }

    private static void awaitApi() throws InterruptedException {
        long deadline = System.currentTimeMillis() + SERVICE_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (WharfFramework.status("/_ping") == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // rebinding
            }
            Thread.sleep(50);
        }
    }

    private ContainerService service() throws InterruptedException {
        ContainerService service = containers.waitForService(SERVICE_WAIT_MS);
        if (service == null) {
            throw new AssertionError("no container service for " + SERVICE_WAIT_MS + " ms");
        }
        return service;
    }

    private void removeQuietly(String name) {
        try {
            service().remove(name, true);
        } catch (Exception | AssertionError ignored) {
            // it may not exist; the test's end checks that nothing is left
        }
    }

    List<String> wrongExitCodes() {
        return List.copyOf(wrongExitCodes);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Map<String, AtomicLong> dropsByPhase() {
        return dropsByPhase;
    }

    Map<String, AtomicLong> rewaitsByPhase() {
        return rewaitsByPhase;
    }

    /** Calls refused by a replaced engine's service and made again on the new one, by phase. */
    Map<String, AtomicLong> retriesByPhase() {
        return retriesByPhase;
    }

    /** Waits until {@code count} cycles ended in the phase (at most 30 s), so each swap is run against. */
    void awaitCycles(String phaseName, long count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SERVICE_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            AtomicLong done = cyclesByPhase.get(phaseName);
            if (done != null && done.get() >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the clients did not work after " + phaseName + ": " + cyclesByPhase
                + " failures " + failures);
    }

    long cycles() {
        return cycles.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        clients.shutdown();
        if (!clients.awaitTermination(EXIT_WAIT_MS + SERVICE_WAIT_MS, TimeUnit.MILLISECONDS)) {
            failures.add("a client did not end its cycle");
        }
    }
}
