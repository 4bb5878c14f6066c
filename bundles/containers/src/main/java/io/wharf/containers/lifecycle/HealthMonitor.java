package io.wharf.containers.lifecycle;

import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.StartedRun;
import io.wharf.support.Times;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * moby's health monitor for one run of a container: probes with an exec at the configured interval, keeps the
 * last five results, counts the failing streak (not during the start period) and announces status changes.
 */
final class HealthMonitor {
    static final long DEFAULT_INTERVAL = Duration.ofSeconds(30).toNanos();
    static final long DEFAULT_TIMEOUT = Duration.ofSeconds(30).toNanos();
    static final long DEFAULT_START_INTERVAL = Duration.ofSeconds(5).toNanos();
    static final int DEFAULT_RETRIES = 3;
    static final int MAX_LOG_ENTRIES = 5;
    static final int MAX_OUTPUT = 4096;

    private final Container container;
    private final Healthcheck check;
    private final ExecutionDriver driver;
    private final Events events;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService probes;
    private final Runnable persist;
    private volatile boolean stopped;
    private volatile Future<?> next;

    HealthMonitor(Container container, Healthcheck check, ExecutionDriver driver, Events events,
                  ScheduledExecutorService scheduler, ExecutorService probes, Runnable persist) {
        this.container = container;
        this.check = check;
        this.driver = driver;
        this.events = events;
        this.scheduler = scheduler;
        this.probes = probes;
        this.persist = persist;
    }

    /** The probe command, or null when the healthcheck is absent or disabled ({@code NONE}). */
    static List<String> probeCommand(Healthcheck check, List<String> shell) {
        if (check == null || check.test() == null || check.test().isEmpty()) {
            return null;
        }
        List<String> test = check.test();
        switch (test.get(0)) {
            case "CMD":
                return test.size() > 1 ? test.subList(1, test.size()) : null;
            case "CMD-SHELL":
                List<String> cmd = new ArrayList<>(shell == null || shell.isEmpty() ? List.of("/bin/sh", "-c")
                        : shell);
                cmd.add(String.join(" ", test.subList(1, test.size())));
                return cmd;
            default:
                return null;
        }
    }

    void start() {
        schedule();
    }

    void stop() {
        stopped = true;
        Future<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void schedule() {
        if (!stopped) {
            next = scheduler.schedule(() -> probes.execute(this::probeAndReschedule), interval(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private long interval() {
        long probeInterval = orDefault(check.interval(), DEFAULT_INTERVAL);
        long startPeriod = orDefault(check.startPeriod(), 0);
        Instant started = container.startedAt();
        if (started == null || Duration.between(started, Instant.now()).toNanos() >= startPeriod) {
            return probeInterval;
        }
        synchronized (container) {
            StateRecord.Health h = container.state().health;
            if (h != null && StateRecord.Health.STARTING.equals(h.status)) {
                return orDefault(check.startInterval(), DEFAULT_START_INTERVAL);
            }
        }
        return probeInterval;
    }

    private void probeAndReschedule() {
        if (stopped) {
            return;
        }
        try {
            StateRecord.Result result = probe();
            if (!stopped) {
                record(result);
            }
        } finally {
            schedule();
        }
    }

    private StateRecord.Result probe() {
        Instant start = Instant.now();
        long timeout = orDefault(check.timeout(), DEFAULT_TIMEOUT);
        StartedRun run = container.run();
        List<String> cmd = probeCommand(check, container.record().config.shell);
        if (run == null || cmd == null) {
            return new StateRecord.Result(Times.rfc3339Nano(start), Times.rfc3339Nano(Instant.now()), -1,
                    "container is not running");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        String message = null;
        try {
            ProcessSpec process = new ProcessSpec(cmd, run.env(), workingDir(), run.uid(), run.gid(),
                    run.additionalGids(), false, false, List.of());
            ExecSession session = driver.exec(container.id(), new ExecSpec("health-" + UUID.randomUUID(), process,
                    false, run.capabilities(), false, true));
            Future<?> pump = probes.submit(() -> {
                ProcessIo io = session.io();
                if (io != null) {
                    try (io) {
                        io.pumpOutput((stream, buf, off, len) -> {
                            synchronized (output) {
                                int room = MAX_OUTPUT - output.size();
                                if (room > 0) {
                                    output.write(buf, off, Math.min(room, len));
                                }
                            }
                        });
                    }
                }
                return null;
            });
            ExitStatus exit = session.exit().toCompletableFuture().get(timeout, TimeUnit.NANOSECONDS);
            try {
                pump.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                pump.cancel(true);
            }
            exitCode = exit.exitCode();
        } catch (TimeoutException e) {
            exitCode = -1;
            message = "Health check exceeded timeout (" + Duration.ofNanos(timeout).toSeconds() + "s)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = -1;
            message = "health check interrupted";
        } catch (Exception e) {
            exitCode = -1;
            message = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        String text;
        synchronized (output) {
            text = message != null ? message : output.toString(StandardCharsets.UTF_8);
        }
        return new StateRecord.Result(Times.rfc3339Nano(start), Times.rfc3339Nano(Instant.now()), exitCode, text);
    }

    private String workingDir() {
        String wd = container.record().config.workingDir;
        return wd == null || wd.isEmpty() ? "/" : wd;
    }

    /** moby's handleProbeResult: counts the result into the run's health and announces a status change. */
    void record(StateRecord.Result result) {
        events.healthProbe(result.exitCode == 0);
        String before;
        String after;
        synchronized (container) {
            StateRecord.Health h = container.state().health;
            if (h == null || !container.state().running) {
                return;
            }
            before = h.status;
            int retries = check.retries() == null || check.retries() <= 0 ? DEFAULT_RETRIES : check.retries();
            StateRecord.Health next = h.afterProbe(result, !inStartPeriod(h, result), retries, MAX_LOG_ENTRIES);
            container.changeState(s -> s.healthChanged(next));
            after = next.status;
        }
        persist.run();
        if (!after.equals(before)) {
            events.container(container, "health_status: " + after, Map.of());
        }
    }

    /** A failure while still starting, within the start period, does not count (moby's StartPeriod). */
    private boolean inStartPeriod(StateRecord.Health h, StateRecord.Result result) {
        if (!StateRecord.Health.STARTING.equals(h.status)) {
            return false;
        }
        long startPeriod = orDefault(check.startPeriod(), 0);
        Instant started = container.startedAt();
        Instant probeStart = Times.parseRfc3339(result.start);
        return started != null && probeStart != null
                && Duration.between(started, probeStart).toNanos() < startPeriod;
    }

    private static long orDefault(Long value, long fallback) {
        return value == null || value == 0 ? fallback : value;
    }
}
