package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.LinkedHashMap;
import java.util.Map;

/** Container events with the attributes dockerd gives them: extra ones, then the labels, image and name. */
public final class ContainerEvents {
    private ContainerEvents() {
    }

    public static void publish(EventBus bus, ContainerInfo container, String action, Map<String, String> extra) {
        if (bus == null) {
            return; // events are optional: the operation itself succeeded
        }
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        if (container.config() != null && container.config().labels() != null) {
            attributes.putAll(container.config().labels());
        }
        if (container.image() != null && !container.image().isEmpty()) {
            attributes.put("image", container.image());
        }
        attributes.put("name", container.name());
        bus.publish(Event.now("container", action, container.id(), attributes));
    }

    public static void publish(EventBus bus, ContainerInfo container, String action) {
        publish(bus, container, action, Map.of());
    }
}
