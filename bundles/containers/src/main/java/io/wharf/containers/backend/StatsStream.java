package io.wharf.containers.backend;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.containers.rest.ContainersBackend.BodyWriter;
import io.wharf.containers.rest.StatsBody;
import io.wharf.containers.store.Container;
import io.wharf.support.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * GET /containers/{id}/stats as JSON lines: one sample (one-shot), two a second apart so that the CPU percentage
 * can be computed (stream=false, as moby does), or one a second while the container runs.
 */
final class StatsStream implements BodyWriter {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** The driver's raw numbers for a container. */
    @FunctionalInterface
    interface Source {
        ContainerStats read(String containerId) throws IOException;
    }

    private final Container container;
    private final Source source;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final boolean streaming;
    private final boolean oneShot;

    StatsStream(Container container, Source source, ScheduledExecutorService scheduler, Duration interval,
                boolean streaming, boolean oneShot) {
        if (streaming && oneShot) {
            throw EngineException.invalid("cannot have stream=true and one-shot=true");
        }
        this.container = container;
        this.source = source;
        this.scheduler = scheduler;
        this.interval = interval;
        this.streaming = streaming;
        this.oneShot = oneShot;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        Container c = container;
        try (Ticks ticks = new Ticks(scheduler, interval)) {
            ContainerStats previous = null;
            Instant previousAt = null;
            if (!streaming && !oneShot && c.isRunning()) {
                previous = sample();
                previousAt = Instant.now();
                ticks.await();
            }
            do {
                ContainerStats current = c.isRunning() ? sample() : null;
                Instant now = Instant.now();
                out.write(Json.bytes(StatsBody.of(c.id(), c.name(), current, now, previous, previousAt)));
                out.write('\n');
                out.flush();
                previous = current;
                previousAt = now;
                if (streaming && c.isRunning()) {
                    ticks.await();
                }
            } while (streaming && c.isRunning() && !c.isRemoved());
        }
    }

    /** Null when the driver cannot read them (the container stopped meanwhile): dockerd then sends zeros. */
    private ContainerStats sample() {
        try {
            return source.read(container.id());
        } catch (IOException | EngineException e) {
            return null;
        }
    }
}
