package io.wharf.builder.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectReader;
import io.wharf.api.build.BuildCachePruneReport;
import io.wharf.api.build.BuildRequest;
import io.wharf.api.build.ImageBuilder;
import io.wharf.api.errors.EngineException;
import io.wharf.api.rest.JaxrsResource;
import io.wharf.builder.exec.HostPlatform;
import io.wharf.support.Json;
import io.wharf.support.QueryValues;
import io.wharf.support.RefusedUploads;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code POST /build}: the classic builder's API; the output is Docker's JSON stream. */
@Component(service = Object.class)
@JaxrsResource
@Path("/build")
public class BuildResource {
    /** Made once, not per request: the CLI sends {@code buildargs}, {@code labels} and {@code cachefrom} always. */
    private static final ObjectReader STRING_MAP = Json.MAPPER.readerFor(new TypeReference<Map<String, String>>() { });
    private static final ObjectReader STRING_LIST = Json.MAPPER.readerFor(new TypeReference<List<String>>() { });
    /** What a build refused before its stream began still reads of the context (see {@link RefusedUploads}). */
    private static final long DRAIN_LIMIT = 64L << 20;
    private final ImageBuilder builder;
    private final UlimitsParameter ulimits = UlimitsParameter.ofThisProcess();

    @Activate
    public BuildResource(@Reference(target = "(" + ImageBuilder.NAME_PROPERTY + "=classic)") ImageBuilder builder) {
        this.builder = builder;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response build(InputStream body, @QueryParam("dockerfile") String dockerfile,
                          @QueryParam("t") List<String> tags, @QueryParam("buildargs") String buildArgs,
                          @QueryParam("labels") String labels, @QueryParam("target") String target,
                          @QueryParam("nocache") String noCache, @QueryParam("pull") String pull,
                          @QueryParam("rm") String rm, @QueryParam("forcerm") String forceRm,
                          @QueryParam("q") String quiet, @QueryParam("networkmode") String networkMode,
                          @QueryParam("extrahosts") List<String> extraHosts,
                          @QueryParam("cachefrom") String cacheFrom, @QueryParam("remote") String remote,
                          @QueryParam("memory") String memory, @QueryParam("memswap") String memorySwap,
                          @QueryParam("cpushares") String cpuShares, @QueryParam("cpusetcpus") String cpusetCpus,
                          @QueryParam("cpuperiod") String cpuPeriod, @QueryParam("cpuquota") String cpuQuota,
                          @QueryParam("shmsize") String shmSize, @QueryParam("squash") String squash,
                          @QueryParam("platform") String platform, @QueryParam("ulimits") String ulimitsJson,
                          @HeaderParam("X-Registry-Config") String registryConfig)
            throws IOException {
        BuildStream stream;
        // a refusal before the stream begins (a parameter, the context) reads the upload on: the client gets the
        // 400, not a connection reset while it still sends
        try {
            if (QueryValues.bool(squash)) { // experimental in Docker; this builder does not squash
                throw EngineException.invalid("squash is only supported with experimental mode");
            }
            checkPlatform(platform, HostPlatform.host());
            BuildRequest request = new BuildRequest(dockerfile, tags, stringMap(buildArgs, "buildargs"),
                    stringMap(labels, "labels"), target, QueryValues.bool(noCache), QueryValues.bool(pull),
                    QueryValues.boolDefaultTrue(rm), QueryValues.bool(forceRm), QueryValues.bool(quiet), networkMode,
                    extraHosts == null ? List.of() : extraHosts, stringList(cacheFrom),
                    new BuildRequest.Resources(number(memory, "memory"), number(memorySwap, "memswap"),
                            number(cpuShares, "cpushares"), cpusetCpus, number(cpuPeriod, "cpuperiod"),
                            number(cpuQuota, "cpuquota"), number(shmSize, "shmsize"), ulimits.parse(ulimitsJson)),
                    remote, RegistryConfigHeader.decode(registryConfig));
            stream = BuildStream.start((output, cancelled) -> builder.build(request, body, output, cancelled));
        } catch (RuntimeException e) {
            RefusedUploads.drainQuietly(body, DRAIN_LIMIT);
            throw e;
        }
        return Response.ok((StreamingOutput) stream::writeTo, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Docker's BuildCachePruneReport; Go writes an empty list as null. */
    public record PruneResponse(@JsonProperty("CachesDeleted") List<String> cachesDeleted,
                                @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    }

    /**
     * {@code POST /build/prune} ({@code docker builder prune}, {@code docker system prune}): the records the
     * filters select ({@link PruneFilters}), shared ones only with {@code all}, down to {@code keep-storage}.
     */
    @POST
    @Path("/prune")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public PruneResponse prune(@QueryParam("all") String all, @QueryParam("keep-storage") String keepStorage,
                               @QueryParam("filters") String filters) throws IOException {
        BuildCachePruneReport report = builder.pruneCache(PruneFilters.options(QueryValues.bool(all),
                number(keepStorage, "keep-storage"), filters, Instant.now()));
        return new PruneResponse(report.cachesDeleted().isEmpty() ? null : report.cachesDeleted(),
                report.spaceReclaimed());
    }

    /**
     * {@code platform}: this builder builds for the daemon's own platform only (no emulation), so anything else is
     * refused before the build starts rather than failing later in a RUN with an exec format error.
     */
    static void checkPlatform(String platform, HostPlatform host) {
        host.require(platform);
    }

    /** {@code buildargs} and {@code labels} are JSON objects; a null value in buildargs is allowed. */
    static Map<String, String> stringMap(String json, String parameter) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return STRING_MAP.readValue(json);
        } catch (IOException e) {
            throw EngineException.invalid("invalid %s: %s", parameter, e.getMessage());
        }
    }

    static long number(String value, String parameter) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid %s: %s is not a number", parameter, value);
        }
    }

    /** {@code cachefrom}: a JSON array of image names (old clients: comma-separated). */
    static List<String> stringList(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        if (value.startsWith("[")) {
            try {
                return STRING_LIST.readValue(value);
            } catch (IOException e) {
                throw EngineException.invalid("invalid list parameter: %s", e.getMessage());
            }
        }
        return List.of(value.split(","));
    }
}
