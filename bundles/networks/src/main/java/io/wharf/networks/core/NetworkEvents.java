package io.wharf.networks.core;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes {@code network} events when an event bus is there; an event never fails the operation. */
public final class NetworkEvents {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkEvents.class);
    public static final NetworkEvents NONE = new NetworkEvents(() -> null);
    private final Supplier<EventBus> bus;

    public NetworkEvents(Supplier<EventBus> bus) {
        this.bus = bus;
    }

    public void publish(String action, String networkId, Map<String, String> attributes) {
        EventBus b = bus.get();
        if (b == null) {
            return;
        }
        try {
            b.publish(Event.now("network", action, networkId, attributes));
        } catch (RuntimeException e) {
            LOG.debug("cannot publish network event {}: {}", action, e.toString());
        }
    }
}
