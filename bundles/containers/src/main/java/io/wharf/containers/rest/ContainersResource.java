package io.wharf.containers.rest;

import static io.wharf.containers.rest.Requests.integer;
import static io.wharf.containers.rest.Requests.optionalInteger;
import static io.wharf.support.QueryValues.bool;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.api.rest.RestResources;
import io.wharf.containers.exec.ExecConfig;
import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.rest.ContainersBackend.LogRequest;
import io.wharf.containers.rest.ContainersBackend.LogStream;
import io.wharf.containers.rest.ContainersBackend.Waiting;
import io.wharf.containers.store.WaitCondition;
import io.wharf.support.Filters;
import io.wharf.support.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The container endpoints of the Docker Engine API (attach and exec start are hijacked elsewhere): each method
 * parses the HTTP parameters, calls the {@link ContainersBackend} and answers.
 */
@Component(service = Object.class)
@JaxrsResource
@Path("/containers")
public class ContainersResource {
    private final ContainersBackend backend;
    private final ExecBackend execs;

    @Activate
    public ContainersResource(@Reference ContainersBackend backend, @Reference ExecBackend execs) {
        this.backend = backend;
        this.execs = execs;
    }

    // ------------------------------------------------------------------ create, list, inspect

    @POST
    @Path("/create")
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@QueryParam("name") String name, @QueryParam("platform") String platform,
                           @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion,
                           InputStream body) throws IOException {
        ContainerCreator.Created created = backend.create(name, platform, apiVersion,
                body == null ? null : body.readAllBytes());
        return Response.status(201).entity(new ContainerCreateBody(created.id(), created.warnings())).build();
    }

    @GET
    @Path("/json")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ContainerSummaryBody> list(@QueryParam("all") String all, @QueryParam("limit") String limit,
                                           @QueryParam("size") String size, @QueryParam("filters") String filters) {
        return backend.list(bool(all), integer(limit, "limit", 0), bool(size), Filters.parse(filters));
    }

    @GET
    @Path("/{id}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerInspectBody inspect(@PathParam("id") String id, @QueryParam("size") String size) {
        return backend.inspect(id, bool(size));
    }

    // ------------------------------------------------------------------ lifecycle

    @POST
    @Path("/{id}/start")
    public Response start(@PathParam("id") String id, @QueryParam("checkpoint") String checkpoint) {
        if (checkpoint != null && !checkpoint.isEmpty()) {
            throw EngineException.notImplemented("checkpoints are not supported");
        }
        return noContentOr304(() -> backend.start(id));
    }

    @POST
    @Path("/{id}/stop")
    public Response stop(@PathParam("id") String id, @QueryParam("t") String t, @QueryParam("signal") String sig) {
        Integer timeout = optionalInteger(t, "t");
        return noContentOr304(() -> backend.stop(id, timeout, sig));
    }

    @POST
    @Path("/{id}/restart")
    public Response restart(@PathParam("id") String id, @QueryParam("t") String t,
                            @QueryParam("signal") String sig) {
        backend.restart(id, optionalInteger(t, "t"), sig);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/kill")
    public Response kill(@PathParam("id") String id, @QueryParam("signal") String signal) {
        backend.kill(id, signal);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    public Response pause(@PathParam("id") String id) {
        backend.pause(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/unpause")
    public Response unpause(@PathParam("id") String id) {
        backend.unpause(id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id, @QueryParam("force") String force,
                           @QueryParam("v") String volumes, @QueryParam("link") String link) {
        if (bool(link)) {
            throw EngineException.invalid("Conflict, cannot remove the default link name of the container");
        }
        backend.remove(id, bool(force), bool(volumes));
        return Response.noContent().build();
    }

    /** docker rm --link PARENT/ALIAS (moby's rmLink); without link=1 such a path names no container. */
    @DELETE
    @Path("/{parent}/{alias}")
    public Response removeLink(@PathParam("parent") String parent, @PathParam("alias") String alias,
                               @QueryParam("link") String link) {
        if (!bool(link)) {
            throw EngineException.notFound("No such container: %s/%s", parent, alias);
        }
        backend.removeLink(parent, alias);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rename")
    public Response rename(@PathParam("id") String id, @QueryParam("name") String name) {
        backend.rename(id, name);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/update")
    @Produces(MediaType.APPLICATION_JSON)
    public UpdateBody update(@PathParam("id") String id, InputStream body) throws IOException {
        Requests.HostConfigChanges update = Requests.hostConfigChanges(body == null ? null : body.readAllBytes());
        return new UpdateBody(backend.update(id, update.changes(), update.fields()));
    }

    @POST
    @Path("/{id}/resize")
    public Response resize(@PathParam("id") String id, @QueryParam("h") String h, @QueryParam("w") String w) {
        backend.resize(id, integer(h, "h", 0), integer(w, "w", 0));
        return Response.ok().build();
    }

    @POST
    @Path("/{id}/wait")
    @Produces(MediaType.APPLICATION_JSON)
    public Response waitFor(@PathParam("id") String id, @QueryParam("condition") String condition) {
        Waiting waiting = backend.waitFor(id, WaitCondition.parse(condition));
        StreamingOutput body = out -> {
            // Headers now, so that the client knows the wait is registered (docker run starts the container only
            // then). Jersey commits the response on the first byte, not on a bare flush; JSON allows leading space.
            out.write('\n');
            out.flush();
            WaitBody answer = waiting.await();
            if (answer != null) { // null: the client went away
                out.write(Json.bytes(answer));
                out.write('\n');
                out.flush();
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("/prune")
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerPruneBody prune(@QueryParam("filters") String filtersJson) {
        return backend.prune(Filters.parse(filtersJson));
    }

    // ------------------------------------------------------------------ logs, top, stats

    @GET
    @Path("/{id}/logs")
    public Response logs(@PathParam("id") String id, @QueryParam("follow") String follow,
                         @QueryParam("stdout") String stdout, @QueryParam("stderr") String stderr,
                         @QueryParam("since") String since, @QueryParam("until") String until,
                         @QueryParam("timestamps") String timestamps, @QueryParam("tail") String tail,
                         @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        LogStream log = backend.logs(id, new LogRequest(bool(stdout), bool(stderr), bool(follow), bool(timestamps),
                since, until, tail));
        return Response.ok((StreamingOutput) log.body()::writeTo, log.contentType(apiVersion)).build();
    }

    @GET
    @Path("/{id}/top")
    @Produces(MediaType.APPLICATION_JSON)
    public TopBody top(@PathParam("id") String id, @QueryParam("ps_args") String psArgs) {
        return backend.top(id, psArgs);
    }

    @GET
    @Path("/{id}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Response stats(@PathParam("id") String id, @QueryParam("stream") String stream,
                          @QueryParam("one-shot") String oneShot) {
        boolean streaming = stream == null || stream.isEmpty() || bool(stream);
        StreamingOutput body = backend.stats(id, streaming, bool(oneShot))::writeTo;
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    // ------------------------------------------------------------------ exec

    @POST
    @Path("/{id}/exec")
    @Produces(MediaType.APPLICATION_JSON)
    public Response exec(@PathParam("id") String id, InputStream body) throws IOException {
        ExecConfig config = Json.readRequest(body == null ? null : body.readAllBytes(), ExecConfig.class);
        return Response.status(201).entity(new IdBody(execs.create(id, config))).build();
    }

    // ------------------------------------------------------------------ helpers

    /** 204, or 304 when the container already was in the asked state (start, stop). */
    private static Response noContentOr304(Runnable action) {
        try {
            action.run();
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_MODIFIED) {
                return Response.notModified().build();
            }
            throw e;
        }
        return Response.noContent().build();
    }
}
