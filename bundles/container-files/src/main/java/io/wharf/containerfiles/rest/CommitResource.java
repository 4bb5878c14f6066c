package io.wharf.containerfiles.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.containerfiles.ContainerCommitter;
import io.wharf.support.Json;
import io.wharf.support.QueryValues;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code POST /commit}: docker commit. */
@Component(service = Object.class)
@JaxrsResource
@Path("/commit")
public class CommitResource {
    private final ContainerCommitter committer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventBus events;

    @Activate
    public CommitResource(@Reference ContainerService containers, @Reference ContainerLayerStore layers,
                          @Reference ImageService images, BundleContext context) {
        this(containers, layers, images, engineVersion(context));
    }

    CommitResource(ContainerService containers, ContainerLayerStore layers, ImageService images, String version) {
        this.committer = new ContainerCommitter(containers, layers, images, () -> events, version,
                Clock.systemUTC());
    }

    /** Docker's IDResponse. */
    public record IdResponse(@JsonProperty("Id") String id) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response commit(@QueryParam("container") String container, @QueryParam("repo") String repo,
                           @QueryParam("tag") String tag, @QueryParam("comment") String comment,
                           @QueryParam("author") String author, @QueryParam("pause") String pause,
                           @QueryParam("changes") List<String> changes, InputStream body) throws IOException {
        ContainerConfig config = config(body);
        Digest id = committer.commit(new ContainerCommitter.Request(container, repoTag(repo, tag), author, comment,
                QueryValues.boolDefaultTrue(pause), config, changes));
        return Response.status(Response.Status.CREATED).entity(new IdResponse(id.toString()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The body is a container configuration to start from; empty or {@code null} means the container's. */
    static ContainerConfig config(InputStream body) throws IOException {
        String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.equals("null")) {
            return null;
        }
        try {
            return Json.WITHOUT_NULLS.readValue(text, ContainerConfig.class);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("invalid JSON: %s", e.getOriginalMessage());
        }
    }

    /** Docker's RepoTagReference: a repository (which may carry a tag), latest by default; never a digest. */
    static ImageReference repoTag(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            return null;
        }
        ImageReference ref = ImageReference.parse(repo);
        if (ref.digest() != null) {
            throw EngineException.invalid("cannot import digest reference");
        }
        return tag != null && !tag.isEmpty() ? ref.withTag(tag) : ref.withDefaultTag();
    }

    private static String engineVersion(BundleContext context) {
        return context.getBundle().getVersion().toString().replaceFirst("\\.[^.]*$", "");
    }
}
