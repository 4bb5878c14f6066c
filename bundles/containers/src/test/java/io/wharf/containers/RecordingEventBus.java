package io.wharf.containers;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An event bus that keeps what is published, for tests to read. */
public final class RecordingEventBus implements EventBus {
    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Event event) {
        events.add(event);
    }

    @Override
    public List<Event> history(long sinceNano) {
        return events;
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        return () -> { };
    }

    /** The actions published for one actor, in order. */
    public List<String> actions(String actorId) {
        return events.stream().filter(e -> e.actorId().equals(actorId)).map(Event::action).toList();
    }
}
