package io.wharf.containers.lifecycle;

import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.store.Container;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** The health monitor of each running container with a healthcheck: one per run. */
final class HealthMonitors {
    private final Map<String, HealthMonitor> monitors = new ConcurrentHashMap<>();
    private final ExecutionDriver driver;
    private final Events events;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Persister persister;

    HealthMonitors(ExecutionDriver driver, Events events, ScheduledExecutorService scheduler,
                   ExecutorService workers, Persister persister) {
        this.driver = driver;
        this.events = events;
        this.scheduler = scheduler;
        this.workers = workers;
        this.persister = persister;
    }

    /** Replaces the monitor of an earlier run; none when the check is absent or disabled. */
    void start(Container c, Healthcheck check) {
        stop(c);
        if (HealthMonitor.probeCommand(check, c.record().config.shell) == null) {
            return;
        }
        HealthMonitor monitor = new HealthMonitor(c, check, driver, events, scheduler, workers,
                () -> persister.persistQuietly(c));
        monitors.put(c.id(), monitor);
        monitor.start();
    }

    void stop(Container c) {
        HealthMonitor m = monitors.remove(c.id());
        if (m != null) {
            m.stop();
        }
    }

    void stopAll() {
        monitors.values().forEach(HealthMonitor::stop);
        monitors.clear();
    }
}
