package io.wharf.containers.lifecycle;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.metrics.EngineMetrics;
import io.wharf.containers.store.Container;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Publishes container events in Docker's shape: the container's labels, then image and name, then extras. */
public final class Events {
    private final Supplier<EventBus> bus;
    private final Supplier<EngineMetrics> metrics;

    public Events(Supplier<EventBus> bus) {
        this(bus, () -> null);
    }

    /** @param metrics where health check results are counted (supplies null while no metrics bundle runs) */
    public Events(Supplier<EventBus> bus, Supplier<EngineMetrics> metrics) {
        this.bus = bus;
        this.metrics = metrics;
    }

    /** One health probe ran; Docker announces only status changes, the metrics endpoint counts every probe. */
    public void healthProbe(boolean passed) {
        EngineMetrics m = metrics.get();
        if (m != null) {
            m.healthCheck(passed);
        }
    }

    public void container(Container c, String action) {
        container(c, action, Map.of());
    }

    public void container(Container c, String action, Map<String, String> extra) {
        EventBus b = bus.get();
        if (b == null) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        String image;
        String name;
        synchronized (c) {
            attributes.putAll(c.record().config.labelsOrEmpty());
            image = c.record().config.image;
            name = c.record().name();
        }
        attributes.put("image", image);
        attributes.put("name", name.substring(1));
        attributes.putAll(extra);
        b.publish(Event.now("container", action, c.id(), attributes));
    }

    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        EventBus b = bus.get();
        if (b != null) {
            b.publish(Event.now(type, action, actorId, attributes));
        }
    }
}
