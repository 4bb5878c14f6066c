package io.wharf.engine;

import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The event streams over the bus; keeps the open ones so that they end when the engine bundle stops. */
final class EventStreams implements EventsBackend {
    private final EventBus bus;
    private final Clock clock;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();

    EventStreams(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public EventStream open(String since, String until, String filters) {
        Instant now = clock.instant();
        Instant from = EventTimes.parse(since, now);
        Instant to = EventTimes.parse(until, now);
        if (from != null && to != null && to.isBefore(from)) {
            throw EngineException.invalid("`since` time (%s) cannot be after `until` time (%s)", since, until);
        }
        return new EventStream(bus, EventFilter.parse(filters), from, to, clock);
    }

    @Override
    public void stream(EventStream stream, OutputStream out) throws IOException {
        open.add(stream);
        try {
            stream.writeTo(out);
        } finally {
            open.remove(stream);
        }
    }

    void closeAll() {
        open.forEach(EventStream::close);
    }
}
