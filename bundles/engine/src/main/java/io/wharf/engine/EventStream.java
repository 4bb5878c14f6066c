package io.wharf.engine;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One docker events response: the kept events from {@code since} (when since or until is given, as dockerd does),
 * then live ones until {@code until}, the client going away, or {@link #close}. It subscribes before reading the
 * history so that nothing published in between is lost; what appears in both is written once.
 */
public final class EventStream implements AutoCloseable {
    private static final Event END = new Event("", "", "", java.util.Map.of(), 0);

    private final EventBus bus;
    private final EventFilter filter;
    private final Instant since;
    private final Instant until;
    private final Clock clock;
    private final LinkedBlockingQueue<Event> live = new LinkedBlockingQueue<>();

    public EventStream(EventBus bus, EventFilter filter, Instant since, Instant until, Clock clock) {
        this.bus = bus;
        this.filter = filter;
        this.since = since;
        this.until = until;
        this.clock = clock;
    }

    /** Writes the stream; returns when it is over. Write failures mean the client left: not an error. */
    public void writeTo(OutputStream out) throws IOException {
        try (AutoCloseable subscription = bus.subscribe(live::add)) {
            // The headers go out now: clients (docker-py's events()) wait for them before they return. Jersey's
            // flush does nothing before the response is committed; an empty write commits it.
            out.write(new byte[0]);
            out.flush();
            Set<Event> replayed = Collections.newSetFromMap(new IdentityHashMap<>());
            if (since != null || until != null) {
                long sinceNano = since == null ? 0 : EventTimes.nanos(since);
                for (Event e : bus.history(sinceNano)) {
                    replayed.add(e);
                    if (!beyondUntil(e) && filter.matches(e) && !write(out, e)) {
                        return;
                    }
                }
            }
            if (until != null && !until.isAfter(clock.instant())) {
                return; // only past events were asked for
            }
            streamLive(out, replayed);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot end the event subscription", e);
        }
    }

    private void streamLive(OutputStream out, Set<Event> replayed) throws IOException {
        while (true) {
            Event e;
            try {
                if (until == null) {
                    e = live.take();
                } else {
                    long wait = until.toEpochMilli() - clock.millis();
                    if (wait <= 0) {
                        return;
                    }
                    e = live.poll(wait, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        return;
                    }
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e == END) {
                return;
            }
            if (replayed.remove(e) || !filter.matches(e)) {
                continue;
            }
            if (!write(out, e)) {
                return;
            }
        }
    }

    private boolean beyondUntil(Event e) {
        return until != null && e.timeNano() > EventTimes.nanos(until);
    }

    /** Writes and flushes one event; false when the client is gone. */
    private static boolean write(OutputStream out, Event e) {
        try {
            out.write(EventMessages.encode(e));
            out.flush();
            return true;
        } catch (IOException gone) {
            return false;
        }
    }

    /** Ends the stream (the resource is going away). */
    @Override
    public void close() {
        live.add(END);
    }
}
