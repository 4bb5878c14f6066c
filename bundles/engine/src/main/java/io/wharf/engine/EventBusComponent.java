package io.wharf.engine;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;

/** The engine's event bus service; keeps the last 1024 events like dockerd's events buffer. */
@Component(service = EventBus.class)
public final class EventBusComponent implements EventBus {
    private final InMemoryEventBus bus = new InMemoryEventBus(1024);

    @Override
    public void publish(Event event) {
        bus.publish(event);
    }

    @Override
    public List<Event> history(long sinceNano) {
        return bus.history(sinceNano);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        return bus.subscribe(subscriber);
    }
}
