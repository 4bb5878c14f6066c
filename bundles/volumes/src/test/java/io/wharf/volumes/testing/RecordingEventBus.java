package io.wharf.volumes.testing;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps what was published. */
public final class RecordingEventBus implements EventBus {
    public final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void publish(Event event) {
        events.add(event);
    }

    @Override
    public List<Event> history(long sinceNano) {
        return List.copyOf(events);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        return () -> { };
    }

    /** "action actor" for each event, e.g. "create data". */
    public synchronized List<String> summary() {
        return events.stream().map(e -> e.action() + " " + e.actorId()).toList();
    }
}
