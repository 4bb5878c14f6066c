package io.wharf.engine;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events fan out to subscribers synchronously; the newest {@code capacity} are kept for {@code since}. */
public final class InMemoryEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);
    private final int capacity;
    private final Deque<Event> recent = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public InMemoryEventBus(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void publish(Event event) {
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.debug("event subscriber failed: {}", e.toString());
            }
        }
    }

    @Override
    public List<Event> history(long sinceNano) {
        synchronized (recent) {
            List<Event> result = new ArrayList<>();
            for (Event e : recent) {
                if (e.timeNano() >= sinceNano) {
                    result.add(e);
                }
            }
            return result;
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
