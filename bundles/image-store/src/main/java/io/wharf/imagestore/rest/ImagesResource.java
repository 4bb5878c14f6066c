package io.wharf.imagestore.rest;

import static io.wharf.support.QueryValues.bool;

import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.api.rest.RestResources;
import io.wharf.support.ImagePolicies;
import io.wharf.support.ProgressStream;
import io.wharf.support.RefusedUploads;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The image endpoints of the Docker Engine API: HTTP mapped onto an {@link ImagesBackend}. */
@Component(service = Object.class)
@JaxrsResource
@Path("/images")
public class ImagesResource {
    /** What a load or import refused early still reads of the body (see {@link RefusedUploads}). */
    private static final long DRAIN_LIMIT = 64L << 20;
    private static final String TAR = "application/x-tar";
    private final ImagesBackend backend;
    /** Vendors' image policies, asked before a pull; they come and go with their bundles. */
    private final ImagePolicies policies = new ImagePolicies();

    /** The registry client, when its bundle is there: pulls need it, everything else here does not. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DistributionService distribution;

    /** The request's headers (a per-request proxy Jersey injects); read for X-Registry-Auth on pulls. */
    @Context
    private HttpHeaders requestHeaders;

    @Activate
    public ImagesResource(@Reference ImageService images, @Reference ContainerLayerStore layers) {
        this.backend = new ImageServiceBackend(images, layers, () -> distribution, policies);
    }

    @Reference(service = ImagePolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    public void addImagePolicy(ImagePolicy policy) {
        policies.add(policy);
    }

    public void removeImagePolicy(ImagePolicy policy) {
        policies.remove(policy);
    }

    ImagesResource(ImagesBackend backend) {
        this.backend = backend;
    }

    /** Sets the registry client (tests; in OSGi DS injects it). */
    public void setDistribution(DistributionService distribution) {
        this.distribution = distribution;
    }

    @GET
    @Path("/json")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ImageSummary> list(@QueryParam("all") String all, @QueryParam("filters") String filtersJson,
                                   @QueryParam("digests") String digests,
                                   @QueryParam("shared-size") String sharedSize,
                                   @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        return backend.list(new ImageLister.Query(bool(all), filtersJson, bool(sharedSize), apiVersion));
    }

    @GET
    @Path("/{name: .+}/json")
    @Produces(MediaType.APPLICATION_JSON)
    public ImageInspect inspect(@PathParam("name") String name,
                                @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        return backend.inspect(name, apiVersion);
    }

    @GET
    @Path("/{name: .+}/history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ImageHistoryItem> history(@PathParam("name") String name) {
        return backend.history(name);
    }

    @POST
    @Path("/{name: .+}/tag")
    public Response tag(@PathParam("name") String name, @QueryParam("repo") String repo,
                        @QueryParam("tag") String tag) {
        backend.tag(name, repo, tag);
        return Response.status(Response.Status.CREATED).build();
    }

    @DELETE
    @Path("/{name: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ImageDeleteItem> remove(@PathParam("name") String name, @QueryParam("force") String force,
                                       @QueryParam("noprune") String noprune) {
        return backend.remove(name, bool(force), bool(noprune));
    }

    @POST
    @Path("/prune")
    @Produces(MediaType.APPLICATION_JSON)
    public ImagePruneReport prune(@QueryParam("filters") String filtersJson) {
        return backend.prune(filtersJson);
    }

    @POST
    @Path("/load")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response load(InputStream body, @QueryParam("quiet") String quiet) throws IOException {
        try {
            return JsonLines.collectWithErrorsInStream(progress -> backend.load(body, bool(quiet), progress));
        } finally {
            RefusedUploads.drainQuietly(body, DRAIN_LIMIT);
        }
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
        backend.checkSave(names);
        StreamingOutput out = os -> backend.save(names, os);
        return Response.ok(out, TAR).build();
    }

    /** docker pull (fromImage) or docker import (fromSrc). */
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
            String auth = h == null ? null : h.getHeaderString("X-Registry-Auth");
            ProgressStream pull = ProgressStream.start("wharf-pull",
                    backend.pull(new ImagesBackend.PullRequest(fromImage, tag, platform, auth)));
            return Response.ok((StreamingOutput) pull::writeTo, MediaType.APPLICATION_JSON_TYPE).build();
        }
        ImagesBackend.ImportRequest request = new ImagesBackend.ImportRequest(fromSrc, repo, tag, message, changes,
                platform);
        try {
            return JsonLines.collect(progress -> backend.importRootfs(body, request, progress));
        } finally {
            RefusedUploads.drainQuietly(body, DRAIN_LIMIT); // a rootfs refused early, as a load
        }
    }
}
