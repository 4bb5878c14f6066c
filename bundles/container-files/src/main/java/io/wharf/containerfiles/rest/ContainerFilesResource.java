package io.wharf.containerfiles.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.api.storage.Change;
import io.wharf.archive.LayerDiffer;
import io.wharf.containerfiles.ContainerEvents;
import io.wharf.containerfiles.ContainerFiles;
import io.wharf.containerfiles.PathStat;
import io.wharf.linux.LinuxFs;
import io.wharf.support.QueryValues;
import io.wharf.support.RefusedUploads;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** docker cp ({@code /containers/{id}/archive}), docker export and docker diff. */
@Component(service = Object.class)
@JaxrsResource
@Path("/containers")
public class ContainerFilesResource {
    static final String TAR = "application/x-tar";
    private static final long MAX_DRAINED = 4L << 20;

    private final ContainerService containers;
    private final ContainerLayerStore layers;
    private final ContainerFiles files;
    private final LayerDiffer differ;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventBus events;

    @Activate
    public ContainerFilesResource(@Reference ContainerService containers, @Reference ContainerLayerStore layers,
                                  @Reference LinuxFs fs) {
        this.containers = containers;
        this.layers = layers;
        this.differ = new LayerDiffer(fs);
        // a test proves the descriptor-based copy safe on its own by switching the freeze off; nothing else may
        this.files = new ContainerFiles(containers, () -> events,
                !"1".equals(System.getenv("WHARF_TEST_CP_WITHOUT_FREEZE")));
    }

    /** One entry of docker diff. */
    public record ChangeItem(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
    }

    @HEAD
    @Path("/{id}/archive")
    public Response stat(@PathParam("id") String id, @QueryParam("path") String path) throws IOException {
        PathStat stat = files.stat(id, path);
        return Response.ok().header(PathStat.HEADER, stat.headerValue()).build();
    }

    @GET
    @Path("/{id}/archive")
    @Produces(TAR)
    public Response archive(@PathParam("id") String id, @QueryParam("path") String path) throws IOException {
        ContainerFiles.Archive archive = files.archive(id, path);
        try {
            StreamingOutput body = archive::writeTo;
            return Response.ok(body, TAR).header(PathStat.HEADER, archive.stat().headerValue()).build();
        } catch (RuntimeException e) {
            archive.discard();
            throw e;
        }
    }

    @PUT
    @Path("/{id}/archive")
    @Consumes(MediaType.WILDCARD)
    public Response extract(@PathParam("id") String id, @QueryParam("path") String path,
                            @QueryParam("noOverwriteDirNonDir") String noOverwriteDirNonDir,
                            @QueryParam("copyUIDGID") String copyUidGid, InputStream body) throws IOException {
        try {
            files.extract(id, path, body, QueryValues.bool(noOverwriteDirNonDir), QueryValues.bool(copyUidGid));
        } catch (IOException | RuntimeException e) {
            RefusedUploads.drainQuietly(body, MAX_DRAINED);
            throw e;
        }
        return Response.ok().build();
    }

    @GET
    @Path("/{id}/export")
    @Produces(TAR)
    public Response export(@PathParam("id") String id) {
        ContainerInfo container = containers.get(id);
        ContainerInfo.Status status = container.state().status();
        if (status == ContainerInfo.Status.DEAD) {
            throw EngineException.conflict("You cannot export container %s which is Dead", container.id());
        }
        if (status == ContainerInfo.Status.REMOVING) {
            throw EngineException.conflict("You cannot export container %s which is being removed", container.id());
        }
        java.nio.file.Path rootfs = containers.mountRootfs(container.id());
        StreamingOutput body = out -> {
            try (InputStream tar = differ.tree(rootfs)) {
                tar.transferTo(out);
            } finally {
                containers.releaseRootfs(container.id());
            }
            out.flush();
        };
        ContainerEvents.publish(events, container, "export");
        return Response.ok(body, TAR).build();
    }

    @GET
    @Path("/{id}/changes")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ChangeItem> changes(@PathParam("id") String id) throws IOException {
        ContainerInfo container = containers.get(id);
        List<Change> changes = layers.changes(container.id());
        return changes.stream().map(c -> new ChangeItem(c.path(), c.kind().code())).toList();
    }
}
