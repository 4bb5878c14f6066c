package io.wharf.volumes.service;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes {@code volume} events (create, destroy, mount, unmount, prune) when an event bus is there. */
final class VolumeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeEvents.class);
    private final Supplier<EventBus> bus;

    VolumeEvents(Supplier<EventBus> bus) {
        this.bus = bus;
    }

    void publish(String action, String volume, Map<String, String> attributes) {
        EventBus b = bus.get();
        if (b == null) {
            return;
        }
        try {
            b.publish(Event.now("volume", action, volume, attributes));
        } catch (RuntimeException e) {
            LOG.debug("cannot publish volume event {} {}: {}", action, volume, e.toString());
        }
    }
}
