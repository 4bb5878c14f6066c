package io.wharf.imagestore.rest;

import static io.wharf.support.QueryValues.bool;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.rest.RestResources;
import io.wharf.imagestore.ImageStore;
import io.wharf.imagestore.Json;
import io.wharf.imagestore.Times;
import io.wharf.support.DockerfileChanges;
import io.wharf.support.Filters;
import io.wharf.support.QueryValues;
import io.wharf.support.QueryValues;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The image endpoints of the Docker Engine API. */
@Component(service = Object.class, property = RestResources.RESOURCE_PROPERTY + "=true")
@Path("/images")
public class ImagesResource {
    private static final String TAR = "application/x-tar";
    private final ImageService images;
    private final ContainerLayerStore layers;

    /** The registry client, when its bundle is there: pulls need it, everything else here does not. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DistributionService distribution;

    /** The request's headers (a per-request proxy Jersey injects); read for X-Registry-Auth on pulls. */
    @Context
    private HttpHeaders requestHeaders;

    @Activate
    public ImagesResource(@Reference ImageService images, @Reference ContainerLayerStore layers) {
        this.images = images;
        this.layers = layers;
    }

    // ------------------------------------------------------------------ list

    @GET
    @Path("/json")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ImageSummary> list(@QueryParam("all") String all, @QueryParam("filters") String filtersJson,
                                   @QueryParam("digests") String digests,
                                   @QueryParam("shared-size") String sharedSize,
                                   @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        Filters filters = Filters.parse(filtersJson);
        filters.validate(Set.of("dangling", "label", "label!", "before", "since", "reference", "until"));
        Boolean dangling = filters.bool("dangling");
        boolean danglingOnly = Boolean.TRUE.equals(dangling);
        boolean showAll = bool(all);
        Instant before = null;
        Instant since = null;
        for (String b : filters.get("before")) {
            before = created(images.inspect(b));
        }
        for (String s : filters.get("since")) {
            since = created(images.inspect(s));
        }
        Instant until = null;
        for (String u : filters.get("until")) {
            until = io.wharf.support.Times.parseTimestamp(u, Instant.now());
        }
        List<String> labelFilters = new ArrayList<>(filters.get("label"));
        filters.get("label!").forEach(l -> labelFilters.add("!" + l));

        List<Image> all0 = images.list();
        Map<Digest, Integer> childCount = new HashMap<>();
        for (Image i : all0) {
            if (i.parent() != null) {
                childCount.merge(i.parent(), 1, Integer::sum);
            }
        }
        Map<Digest, Integer> layerUse = new HashMap<>();
        if (bool(sharedSize)) {
            for (Image i : all0) {
                i.chainIds().forEach(c -> layerUse.merge(c, 1, Integer::sum));
            }
        }
        boolean useNone = QueryValues.apiVersionBefore(apiVersion, "1.43");
        boolean withVirtualSize = QueryValues.apiVersionBefore(apiVersion, "1.44");
        List<ImageSummary> result = new ArrayList<>();
        for (Image img : all0) {
            Instant created = created(img);
            if (before != null && (created == null || !created.isBefore(before))) {
                continue;
            }
            if (since != null && (created == null || !created.isAfter(since))) {
                continue;
            }
            if (until != null && created != null && created.isAfter(until)) {
                continue;
            }
            Map<String, String> labels = labels(img);
            if (!ImageStore.matchLabels(labelFilters, labels)) {
                continue;
            }
            List<String> tags = new ArrayList<>();
            List<String> repoDigests = new ArrayList<>();
            List<String> refPatterns = filters.get("reference");
            for (String t : img.repoTags()) {
                if (refPatterns.isEmpty() || matchesReference(refPatterns, t)) {
                    tags.add(t);
                }
            }
            for (String d : img.repoDigests()) {
                if (refPatterns.isEmpty() || matchesReference(refPatterns, d)) {
                    repoDigests.add(d);
                }
            }
            boolean hasChildren = childCount.containsKey(img.id());
            if (tags.isEmpty() && repoDigests.isEmpty()) {
                if (showAll || !hasChildren) {
                    if (dangling != null && !danglingOnly) {
                        continue;
                    }
                    if (filters.contains("reference")) {
                        continue;
                    }
                } else {
                    continue;
                }
            } else if (danglingOnly && !tags.isEmpty()) {
                continue;
            }
            if (danglingOnly && hasChildren) {
                continue;
            }
            if (useNone && tags.isEmpty() && repoDigests.isEmpty()) {
                tags.add("<none>:<none>");
                repoDigests.add("<none>@<none>");
            }
            long shared = -1;
            if (bool(sharedSize) && images instanceof ImageStore store) {
                shared = 0;
                for (Digest c : img.chainIds()) {
                    if (layerUse.getOrDefault(c, 0) > 1) {
                        var l = store.layers().get(c);
                        shared += l == null ? 0 : l.size();
                    }
                }
            }
            result.add(new ImageSummary(img.id().toString(), img.parent() == null ? "" : img.parent().toString(),
                    tags, repoDigests, created == null ? 0 : created.getEpochSecond(), img.size(), shared,
                    withVirtualSize ? img.size() : null, labels, -1));
        }
        result.sort(Comparator.comparingLong(ImageSummary::created).reversed()
                .thenComparing(ImageSummary::id));
        return result;
    }

    private static boolean matchesReference(List<String> patterns, String familiar) {
        ImageReference ref = ImageReference.parse(familiar);
        for (String p : patterns) {
            if (Filters.pathMatch(p, ref.familiarString()) || Filters.pathMatch(p, ref.familiarName())) {
                return true;
            }
        }
        return false;
    }

    private static Instant created(Image img) {
        return Times.parseRfc3339(img.config().created());
    }

    private static Map<String, String> labels(Image img) {
        ContainerConfig c = img.config().config();
        return c == null || c.labels() == null ? Map.of() : c.labels();
    }

    // ------------------------------------------------------------------ inspect, history

    @GET
    @Path("/{name: .+}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public ImageInspect inspect(@PathParam("name") String name,
                                @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        Image img = images.inspect(name);
        ImageConfig c = img.config();
        List<String> diffIds = c.diffIds().stream().map(Digest::toString).toList();
        return new ImageInspect(img.id().toString(), img.repoTags(), img.repoDigests(),
                img.parent() == null ? "" : img.parent().toString(), nz(c.comment()), c.created(),
                nz(c.dockerVersion()), nz(c.author()), c.config(), nz(c.architecture()),
                c.variant() == null || c.variant().isEmpty() ? null : c.variant(), nz(c.os()), img.size(),
                QueryValues.apiVersionBefore(apiVersion, "1.44") ? img.size() : null,
                new ImageInspect.GraphDriver(layers == null ? "" : layers.driverName(), Map.of()),
                new ImageInspect.RootFs("layers", diffIds),
                new ImageInspect.Metadata(img.lastTagTime() == null ? Times.ZERO
                        : Times.rfc3339Nano(img.lastTagTime())));
    }

    @GET
    @Path("/{name: .+}/history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<HistoryItem> history(@PathParam("name") String name) {
        return images.history(name);
    }

    // ------------------------------------------------------------------ tag, remove, prune

    @POST
    @Path("/{name: .+}/tag")
    public Response tag(@PathParam("name") String name, @QueryParam("repo") String repo,
                        @QueryParam("tag") String tag) {
        images.tag(name, repoTag(repo, tag, true));
        return Response.status(Response.Status.CREATED).build();
    }

    /** Docker's RepoTagReference: repo (which may carry a tag) plus an optional tag; latest by default. */
    static ImageReference repoTag(String repo, String tag, boolean required) {
        if (repo == null || repo.isEmpty()) {
            if (required) {
                throw EngineException.invalid("repository name must have at least one component");
            }
            return null;
        }
        ImageReference ref = ImageReference.parse(repo);
        if (ref.digest() != null) {
            throw EngineException.invalid("cannot import digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            return ref.withTag(tag);
        }
        return ref.withDefaultTag();
    }

    @DELETE
    @Path("/{name: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DeleteResponse> remove(@PathParam("name") String name, @QueryParam("force") String force,
                                       @QueryParam("noprune") String noprune) {
        return images.remove(name, bool(force), bool(noprune));
    }

    @POST
    @Path("/prune")
    @Produces(MediaType.APPLICATION_JSON)
    public PruneReport prune(@QueryParam("filters") String filtersJson) {
        Filters filters = Filters.parse(filtersJson);
        filters.validate(Set.of("dangling", "label", "label!", "until"));
        Boolean dangling = filters.bool("dangling");
        boolean all = Boolean.FALSE.equals(dangling);
        List<String> labels = new ArrayList<>(filters.get("label"));
        filters.get("label!").forEach(l -> labels.add("!" + l));
        List<String> until = filters.get("until");
        if (until.size() > 1) {
            throw EngineException.invalid("more than one until filter specified");
        }
        return images.prune(all, labels, until.isEmpty() ? null : until.get(0));
    }

    // ------------------------------------------------------------------ load, save, import

    @POST
    @Path("/load")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response load(InputStream body, @QueryParam("quiet") String quiet) throws IOException {
        boolean q = bool(quiet);
        JsonLines lines = new JsonLines();
        try {
            images.load(body, m -> {
                if (!q || m.status() == null) {
                    lines.add(m);
                }
            });
        } catch (EngineException | IOException e) {
            if (lines.isEmpty()) {
                throw e;
            }
            lines.add(ProgressMessage.error(e.getMessage()));
        }
        return lines.response();
    }

    @GET
    @Path("/get")
    @Produces(TAR)
    public Response saveMany(@QueryParam("names") List<String> names) {
        return save(names);
    }

    @GET
    @Path("/{name: .+}/get")
    @Produces(TAR)
    public Response saveOne(@PathParam("name") String name) {
        return save(List.of(name));
    }

    private Response save(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw EngineException.invalid("no images specified");
        }
        if (images instanceof ImageStore store) {
            store.checkSaveNames(names);
        } else {
            for (String n : names) {
                images.inspect(n);
            }
        }
        StreamingOutput out = os -> images.save(names, os);
        return Response.ok(out, TAR).build();
    }

    @POST
    @Path("/create")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body, @QueryParam("fromImage") String fromImage,
                           @QueryParam("fromSrc") String fromSrc, @QueryParam("repo") String repo,
                           @QueryParam("tag") String tag, @QueryParam("message") String message,
                           @QueryParam("changes") List<String> changes, @QueryParam("platform") String platform)
            throws IOException {
        if (fromImage != null && !fromImage.isEmpty()) {
            HttpHeaders h = requestHeaders;
            return pull(fromImage, tag, platform, h == null ? null : h.getHeaderString("X-Registry-Auth"));
        }
        if (fromSrc == null || fromSrc.isEmpty()) {
            throw EngineException.invalid("either fromImage or fromSrc must be given");
        }
        if (!fromSrc.equals("-")) {
            throw EngineException.notImplemented("importing from a URL is not available yet: use fromSrc=-");
        }
        ImageReference ref = repoTag(repo, tag, false);
        ContainerConfig config = DockerfileChanges.apply(changes, ContainerConfig.empty());
        Platform p = platform == null || platform.isEmpty() ? null : Platform.parse(platform);
        ImageConfig template = new ImageConfig(p == null ? null : p.architecture(), p == null ? null : p.os(),
                p == null ? null : p.variant(), null, null, message == null || message.isEmpty() ? null : message,
                null, config, null, null);
        JsonLines lines = new JsonLines();
        try {
            images.importRootfs(body, template, ref, lines::add);
        } catch (EngineException | IOException e) {
            if (lines.isEmpty()) {
                throw e;
            }
            lines.add(ProgressMessage.error(e.getMessage()));
        }
        return lines.response();
    }

    // ------------------------------------------------------------------ pull

    /** Sets the registry client (tests; in OSGi DS injects it). */
    public void setDistribution(DistributionService distribution) {
        this.distribution = distribution;
    }

    /** docker pull: moby's postImagesCreate with fromImage; an empty tag on an untagged name pulls every tag. */
    private Response pull(String fromImage, String tag, String platform, String registryAuth) {
        DistributionService d = distribution;
        if (d == null) {
            throw EngineException.notImplemented("pull is not available: the registry client bundle is not running");
        }
        ImageReference ref = ImageReference.parse(fromImage);
        if (tag != null && !tag.isEmpty()) {
            ref = Digest.isDigest(tag) ? ref.nameOnly().withDigest(Digest.parse(tag)) : ref.withTag(tag);
        }
        boolean allTags = ref.tag() == null && ref.digest() == null;
        Platform p = platform == null || platform.isEmpty() ? null : Platform.parse(platform);
        RegistryAuth auth = decodeAuth(registryAuth);
        ImageReference target = ref;
        return PullStream.run(listener -> d.pull(target, p, allTags, auth, listener));
    }

    /** X-Registry-Auth: base64url JSON; like dockerd, an undecodable header means no credentials. */
    static RegistryAuth decodeAuth(String header) {
        if (header == null || header.isBlank()) {
            return RegistryAuth.anonymous();
        }
        String text = header.trim().replace('+', '-').replace('/', '_').replaceAll("=+$", "");
        try {
            RegistryAuth auth = Json.MAPPER.readValue(java.util.Base64.getUrlDecoder().decode(text),
                    RegistryAuth.class);
            return auth == null ? RegistryAuth.anonymous() : auth;
        } catch (IOException | IllegalArgumentException e) {
            return RegistryAuth.anonymous();
        }
    }

    /**
     * Streams a pull's progress while it runs. A failure before the first message is an HTTP error (the CLI
     * prints "Error response from daemon: ..."); later ones end the stream with an error message.
     */
    static final class PullStream {
        private record End(Throwable failure) {
        }

        interface Operation {
            void run(io.wharf.api.progress.ProgressListener listener) throws Exception;
        }

        static Response run(Operation operation) {
            java.util.concurrent.BlockingQueue<Object> queue = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.CompletableFuture<Void> started = new java.util.concurrent.CompletableFuture<>();
            Thread worker = new Thread(() -> {
                Throwable failure = null;
                try {
                    operation.run(m -> {
                        queue.add(m);
                        started.complete(null);
                    });
                } catch (Throwable t) {
                    failure = t;
                }
                boolean silent = queue.isEmpty();
                queue.add(new End(failure));
                if (failure != null && silent) {
                    started.completeExceptionally(failure);
                } else {
                    started.complete(null);
                }
            }, "wharf-pull");
            worker.setDaemon(true);
            worker.start();
            try {
                started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EngineException.unavailable("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof EngineException ee) {
                    throw ee;
                }
                throw EngineException.system(messageOf(cause), cause);
            }
            StreamingOutput body = out -> {
                while (true) {
                    Object item;
                    try {
                        item = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    if (item instanceof End end) {
                        if (end.failure() != null) {
                            writeLine(out, ProgressMessage.error(messageOf(end.failure())));
                        }
                        out.flush();
                        return;
                    }
                    writeLine(out, (ProgressMessage) item);
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
            };
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        }

        private static void writeLine(java.io.OutputStream out, ProgressMessage m) throws IOException {
            out.write(Json.MAPPER.writeValueAsBytes(m));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        private static String messageOf(Throwable t) {
            return t.getMessage() == null ? t.toString() : t.getMessage();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Progress messages as Docker streams them: one JSON object per line. */
    static final class JsonLines {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private int count;

        synchronized void add(ProgressMessage m) {
            try {
                buffer.write(Json.MAPPER.writeValueAsBytes(m));
                buffer.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                count++;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized boolean isEmpty() {
            return count == 0;
        }

        synchronized Response response() {
            byte[] bytes = buffer.toByteArray();
            return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE).build();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
