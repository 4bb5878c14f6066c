package io.wharf.volumes.rest;

import static io.wharf.support.QueryValues.bool;

import io.wharf.api.rest.RestResources;
import io.wharf.api.volume.Volume;
import io.wharf.support.Filters;
import io.wharf.support.Json;
import io.wharf.support.QueryValues;
import io.wharf.volumes.service.PruneReport;
import io.wharf.volumes.service.VolumeList;
import io.wharf.volumes.service.VolumeManager;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /volumes} endpoints of the Docker Engine API. */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public final class VolumesResource {
    /** The API version from which prune removes only anonymous volumes unless {@code all=true}. */
    static final String PRUNE_ANONYMOUS_ONLY_SINCE = "1.42";

    private final VolumeManager volumes;

    public VolumesResource(VolumeManager volumes) {
        this.volumes = volumes;
    }

    @GET
    public Map<String, Object> list(@QueryParam("filters") String filters) {
        VolumeList list = volumes.list(Filters.parse(filters).asMap());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Volumes", list.volumes().stream().map(VolumeJson::of).toList());
        answer.put("Warnings", list.warnings());
        return answer;
    }

    @POST
    @Path("/create")
    public Response create(InputStream body) throws IOException {
        CreateVolumeRequest request = Json.readRequest(body == null ? null : body.readAllBytes(),
                CreateVolumeRequest.class);
        if (request == null) {
            request = new CreateVolumeRequest(null, null, null, null);
        }
        Volume v = volumes.create(request.name(), request.driver(), request.driverOpts(), request.labels());
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(VolumeJson.of(v)).build();
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> inspect(@PathParam("name") String name) {
        return VolumeJson.of(volumes.get(name));
    }

    @DELETE
    @Path("/{name}")
    public Response remove(@PathParam("name") String name, @QueryParam("force") String force) {
        volumes.remove(name, bool(force));
        return Response.noContent().build();
    }

    @POST
    @Path("/prune")
    public Map<String, Object> prune(@QueryParam("filters") String filters,
                                     @HeaderParam(RestResources.API_VERSION_HEADER) String apiVersion) {
        Map<String, List<String>> parsed = new LinkedHashMap<>(Filters.parse(filters).asMap());
        if (QueryValues.apiVersionBefore(apiVersion, PRUNE_ANONYMOUS_ONLY_SINCE)) {
            // older clients expect every unused volume to go, as prune did before 1.42
            List<String> all = new ArrayList<>(parsed.getOrDefault("all", List.of()));
            all.add("true");
            parsed.put("all", all);
        }
        PruneReport report = volumes.prune(parsed);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("VolumesDeleted", report.volumesDeleted());
        answer.put("SpaceReclaimed", report.spaceReclaimed());
        return answer;
    }
}
