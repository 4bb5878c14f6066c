package io.wharf.engine;

import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import io.wharf.api.rest.RestResources;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /events}: docker events, streamed as newline-delimited JSON. */
@Component(service = Object.class, property = RestResources.RESOURCE_PROPERTY + "=true")
@Path("/events")
public final class EventsResource {
    private final EventBus bus;
    private final Clock clock;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();

    @Activate
    public EventsResource(@Reference EventBus bus) {
        this(bus, Clock.systemUTC());
    }

    EventsResource(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(@QueryParam("since") String since, @QueryParam("until") String until,
                           @QueryParam("filters") String filters) {
        EventStream stream = open(since, until, filters);
        StreamingOutput body = out -> {
            open.add(stream);
            try {
                stream.writeTo(out);
            } finally {
                open.remove(stream);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Checks the parameters (bad ones answer 400 before any streaming starts) and prepares the stream. */
    EventStream open(String since, String until, String filters) {
        Instant now = clock.instant();
        Instant from = EventTimes.parse(since, now);
        Instant to = EventTimes.parse(until, now);
        if (from != null && to != null && to.isBefore(from)) {
            throw EngineException.invalid("`since` time (%s) cannot be after `until` time (%s)", since, until);
        }
        return new EventStream(bus, EventFilter.parse(filters), from, to, clock);
    }

    @Deactivate
    void deactivate() {
        open.forEach(EventStream::close);
    }
}
