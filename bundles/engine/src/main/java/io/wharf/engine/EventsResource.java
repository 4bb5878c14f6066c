package io.wharf.engine;

import io.wharf.api.events.EventBus;
import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /events}: docker events, streamed as newline-delimited JSON by {@link EventStreams}. */
@Component(service = Object.class)
@JaxrsResource
@Path("/events")
public final class EventsResource {
    private final EventStreams streams;

    @Activate
    public EventsResource(@Reference EventBus bus) {
        this.streams = new EventStreams(bus, Clock.systemUTC());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(@QueryParam("since") String since, @QueryParam("until") String until,
                           @QueryParam("filters") String filters) {
        EventStream stream = streams.open(since, until, filters);
        StreamingOutput body = out -> streams.stream(stream, out);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Deactivate
    void deactivate() {
        streams.closeAll();
    }
}
