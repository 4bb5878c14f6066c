package io.wharf.containers.rest;

import static io.wharf.support.QueryValues.bool;

import io.wharf.api.errors.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.RestResources;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.containers.exec.ExecConfig;
import io.wharf.containers.exec.ExecService;
import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.logs.LogOptions;
import io.wharf.containers.logs.LogStreamer;
import io.wharf.containers.logs.StdWriter;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.WaitCondition;
import io.wharf.containers.support.Json;
import io.wharf.support.Filters;
import io.wharf.support.QueryValues;
import io.wharf.support.QueryValues;
import io.wharf.support.Times;
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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The container endpoints of the Docker Engine API (attach and exec start are hijacked elsewhere). */
@Path("/containers")
public class ContainersResource {
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    static final String RAW = "application/vnd.docker.raw-stream";
    private final ContainerEngine engine;
    private final ContainerCreator creator;
    private final ExecService execs;
    private final ImageService images;
    private final ContainerLayerStore layers;
    private final ContainerList lister;

    public ContainersResource(ContainerEngine engine, ContainerCreator creator, ExecService execs,
                              ImageService images, ContainerLayerStore layers) {
        this.engine = engine;
        this.creator = creator;
        this.execs = execs;
        this.images = images;
        this.layers = layers;
        this.lister = new ContainerList(engine.index(), images, layers);
    }

    private Container container(String ref) {
        return engine.index().get(ref);
    }

    // ------------------------------------------------------------------ create, list, inspect

    @POST
    @Path("/create")
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@QueryParam("name") String name, @QueryParam("platform") String platform,
                           InputStream body) throws IOException {
        ContainerCreator.Created created = creator.create(name, platform, body == null ? null : body.readAllBytes());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Id", created.id());
        answer.put("Warnings", created.warnings());
        return Response.status(201).entity(answer).build();
    }

    @GET
    @Path("/json")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list(@QueryParam("all") String all, @QueryParam("limit") String limit,
                                          @QueryParam("size") String size, @QueryParam("filters") String filters) {
        return lister.list(bool(all), integer(limit, "limit", 0), bool(size), filters);
    }

    @GET
    @Path("/{id}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> inspect(@PathParam("id") String id, @QueryParam("size") String size) {
        Container c = container(id);
        Views.Sizes sizes = bool(size) ? lister.sizes(c) : null;
        String driver = layers.driverName();
        synchronized (c) {
            return Views.inspect(c, driver, sizes);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @POST
    @Path("/{id}/start")
    public Response start(@PathParam("id") String id, @QueryParam("checkpoint") String checkpoint) {
        if (checkpoint != null && !checkpoint.isEmpty()) {
            throw EngineException.notImplemented("checkpoints are not supported");
        }
        return noContentOr304(() -> engine.start(container(id)));
    }

    @POST
    @Path("/{id}/stop")
    public Response stop(@PathParam("id") String id, @QueryParam("t") String t, @QueryParam("signal") String sig) {
        Integer timeout = t == null || t.isEmpty() ? null : integer(t, "t", 0);
        return noContentOr304(() -> engine.stop(container(id), timeout, sig));
    }

    @POST
    @Path("/{id}/restart")
    public Response restart(@PathParam("id") String id, @QueryParam("t") String t,
                            @QueryParam("signal") String sig) {
        Integer timeout = t == null || t.isEmpty() ? null : integer(t, "t", 0);
        engine.restart(container(id), timeout, sig);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/kill")
    public Response kill(@PathParam("id") String id, @QueryParam("signal") String signal) {
        engine.kill(container(id), signal);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    public Response pause(@PathParam("id") String id) {
        engine.pause(container(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/unpause")
    public Response unpause(@PathParam("id") String id) {
        engine.unpause(container(id));
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id, @QueryParam("force") String force,
                           @QueryParam("v") String volumes, @QueryParam("link") String link) {
        if (bool(link)) {
            throw EngineException.invalid("Conflict, cannot remove the default link name of the container");
        }
        Container c = container(id);
        engine.remove(c, bool(force), bool(volumes));
        execs.forgetContainer(c.id());
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rename")
    public Response rename(@PathParam("id") String id, @QueryParam("name") String name) {
        engine.rename(container(id), name);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/update")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, InputStream body) throws IOException {
        Container c = container(id);
        byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
        JsonNode tree = bytes.length == 0 ? Json.MAPPER.createObjectNode() : readTree(bytes);
        Set<String> fields = new HashSet<>();
        tree.fieldNames().forEachRemaining(fields::add);
        HostConfig changes;
        try {
            changes = Json.MAPPER.treeToValue(tree, HostConfig.class);
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getMessage());
        }
        List<String> warnings = engine.update(c, changes, fields);
        return Map.of("Warnings", warnings);
    }

    @POST
    @Path("/{id}/resize")
    public Response resize(@PathParam("id") String id, @QueryParam("h") String h, @QueryParam("w") String w) {
        engine.resize(container(id), integer(h, "h", 0), integer(w, "w", 0));
        return Response.ok().build();
    }

    /** Log lines are sent in frames of up to this many bytes (see StdWriter.coalescing). */
    private static final int LOG_FRAME_SIZE = 32 * 1024;

    @POST
    @Path("/{id}/wait")
    @Produces(MediaType.APPLICATION_JSON)
    public Response waitFor(@PathParam("id") String id, @QueryParam("condition") String condition) {
        WaitCondition cond = WaitCondition.parse(condition);
        Container c = container(id);
        CompletableFuture<Integer> waiter = c.waitFor(cond);
        StreamingOutput body = out -> {
            // Headers now, so that the client knows the wait is registered (docker run starts the container only
            // then). Jersey commits the response on the first byte, not on a bare flush; JSON allows leading space.
            out.write('\n');
            out.flush();
            Integer code;
            try {
                code = awaitConnected(waiter);
            } catch (IOException e) {
                c.cancelWait(waiter);
                throw e;
            }
            if (code == null) { // the client went away (the REST layer interrupts its thread)
                c.cancelWait(waiter);
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("StatusCode", code);
            String error;
            synchronized (c) {
                error = c.state().error;
            }
            if (error != null && !error.isEmpty()) {
                answer.put("Error", Map.of("Message", error));
            }
            out.write(Json.bytes(answer));
            out.write('\n');
            out.flush();
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Waits, sending nothing; null when interrupted because the client hung up. */
    private static Integer awaitConnected(CompletableFuture<Integer> waiter) throws IOException {
        while (true) {
            try {
                return waiter.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (InterruptedException e) {
                return null;
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
    }

    @POST
    @Path("/prune")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> prune(@QueryParam("filters") String filtersJson) {
        Filters f = Filters.parse(filtersJson);
        f.validate(Set.of("until", "label", "label!"));
        long until = 0;
        for (String u : f.get("until")) {
            until = Times.epochNanos(Times.parseTimestamp(u, Instant.now()));
        }
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : engine.index().all()) {
            Map<String, String> labels;
            Instant created;
            synchronized (c) {
                if (c.state().running || c.isRemoved()) {
                    continue;
                }
                labels = c.record().config.labelsOrEmpty();
                created = Times.parseRfc3339(c.record().created);
            }
            if (until != 0 && created != null && Times.epochNanos(created) > until) {
                continue;
            }
            if (!Filters.matchLabels(f.get("label"), labels)) {
                continue;
            }
            boolean excluded = false;
            for (String notLabel : f.get("label!")) {
                excluded |= Filters.matchLabels(List.of(notLabel), labels);
            }
            if (excluded) {
                continue;
            }
            long size = lister.sizes(c).sizeRw();
            try {
                engine.remove(c, false);
                execs.forgetContainer(c.id());
                deleted.add(c.id());
                reclaimed += size;
            } catch (EngineException e) {
                // started meanwhile, or being removed by someone else
            }
        }
        engine.events().publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ContainersDeleted", deleted.isEmpty() ? null : deleted);
        report.put("SpaceReclaimed", reclaimed);
        return report;
    }

    // ------------------------------------------------------------------ logs, top, stats

    @GET
    @Path("/{id}/logs")
    public Response logs(@PathParam("id") String id, @QueryParam("follow") String follow,
                         @QueryParam("stdout") String stdout, @QueryParam("stderr") String stderr,
                         @QueryParam("since") String since, @QueryParam("until") String until,
                         @QueryParam("timestamps") String timestamps, @QueryParam("tail") String tail,
                         @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        Container c = container(id);
        if (!bool(stdout) && !bool(stderr)) {
            throw EngineException.invalid("Bad parameters: you must choose at least one stream");
        }
        Instant now = Instant.now();
        LogOptions options = new LogOptions(bool(stdout), bool(stderr), bool(follow), bool(timestamps),
                Times.parseOptionalSinceUntil(since, now), Times.parseOptionalSinceUntil(until, now),
                LogOptions.parseTail(tail));
        boolean tty;
        java.nio.file.Path file;
        synchronized (c) {
            tty = c.record().config.tty;
            file = java.nio.file.Path.of(c.record().logPath);
        }
        if ("none".equals(c.hostConfig().logConfig.type)) {
            throw EngineException.notImplemented("configured logging driver does not support reading");
        }
        boolean multiplexed = !tty;
        StreamingOutput body = out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 256 * 1024);
            try {
                new LogStreamer(file, options, () -> c.isRunning() && !c.isRemoved())
                        .stream(StdWriter.coalescing(buffered, multiplexed, LOG_FRAME_SIZE));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            buffered.flush();
        };
        String type = multiplexed && !QueryValues.apiVersionBefore(apiVersion, "1.42") ? MULTIPLEXED : RAW;
        return Response.ok(body, type).build();
    }

    @GET
    @Path("/{id}/top")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> top(@PathParam("id") String id, @QueryParam("ps_args") String psArgs) {
        Container c = container(id);
        if (!c.isRunning() || c.isRestarting()) {
            throw EngineException.conflict("Container %s is not running", c.id());
        }
        List<Long> pids;
        try {
            pids = engine.driver().pids(c.id());
        } catch (IOException e) {
            throw EngineException.system("cannot list the processes of " + c.id() + ": " + e.getMessage(), e);
        }
        return TopCommand.run(psArgs, pids);
    }

    @GET
    @Path("/{id}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Response stats(@PathParam("id") String id, @QueryParam("stream") String stream,
                          @QueryParam("one-shot") String oneShot) {
        Container c = container(id);
        boolean streaming = stream == null || stream.isEmpty() || bool(stream);
        if (streaming && bool(oneShot)) {
            throw EngineException.invalid("cannot have stream=true and one-shot=true");
        }
        StreamingOutput body = out -> {
            ContainerStats previous = null;
            Instant previousAt = null;
            if (!streaming && !bool(oneShot) && c.isRunning()) {
                previous = sample(c); // moby samples twice so that the CPU percentage can be computed
                previousAt = Instant.now();
                sleep(1000);
            }
            do {
                ContainerStats current = c.isRunning() ? sample(c) : null;
                Instant now = Instant.now();
                String name;
                synchronized (c) {
                    name = c.record().name;
                }
                out.write(Json.bytes(StatsView.of(c.id(), name, current, now, previous, previousAt)));
                out.write('\n');
                out.flush();
                previous = current;
                previousAt = now;
                if (streaming && c.isRunning()) {
                    sleep(1000);
                }
            } while (streaming && c.isRunning() && !c.isRemoved());
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private ContainerStats sample(Container c) {
        try {
            return engine.driver().stats(c.id());
        } catch (IOException | EngineException e) {
            return null;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ exec

    @POST
    @Path("/{id}/exec")
    @Produces(MediaType.APPLICATION_JSON)
    public Response exec(@PathParam("id") String id, InputStream body) throws IOException {
        ExecConfig config = Json.readRequest(body == null ? null : body.readAllBytes(), ExecConfig.class);
        String execId = execs.create(id, config);
        return Response.status(201).entity(Map.of("Id", execId)).build();
    }

    // ------------------------------------------------------------------ helpers

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

    private static JsonNode readTree(byte[] bytes) {
        try {
            JsonNode tree = Json.MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw EngineException.invalid("invalid JSON: expected an object");
            }
            return tree;
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getMessage());
        }
    }

    static int integer(String value, String name, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid value for %s: %s", name, value);
        }
    }
}
