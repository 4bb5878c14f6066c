package io.wharf.engine;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.RestResources;
import io.wharf.engine.rest.InfoBody;
import io.wharf.engine.rest.VersionBody;
import io.wharf.support.SecurityModules;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /version} and {@code GET /info}. */
@Component(service = Object.class, property = RestResources.RESOURCE_PROPERTY + "=true")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SystemResource {
    private final HostFacts host = HostFacts.system();
    private String version;
    private String engineId;
    private String buildTime;

    @Reference
    private DaemonConfig config;

    /** For what a SIGHUP reload changes: labels, debug, mirrors, insecure registries, live-restore. */
    @Reference
    private DaemonSettings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ImageService images;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerLayerStore layers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerService containers;

    @Activate
    void activate(BundleContext context) throws IOException {
        version = context.getBundle().getVersion().toString().replaceFirst("\\.[^.]*$", "");
        engineId = EngineIdentity.load(config.dataRootPath());
        buildTime = DateTimeFormatter.ISO_INSTANT.format(
                Instant.ofEpochMilli(context.getBundle().getLastModified()).atOffset(ZoneOffset.UTC));
    }

    @GET
    @Path("version")
    public VersionBody version() {
        return VersionBody.of(version, RestResources.CURRENT_API_VERSION, RestResources.MIN_API_VERSION,
                runtimeVersion(), goArch(), host.kernelVersion(), buildTime);
    }

    @GET
    @Path("info")
    public InfoBody info() {
        ImageService imageService = images;
        ContainerLayerStore layerStore = layers;
        ContainerCounts counts = ContainerCounts.of(containers);
        DaemonConfig live = settings.current();
        return new InfoBody(engineId,
                counts.total(), counts.running(), counts.paused(), counts.stopped(),
                imageService == null ? 0 : imageService.count(),
                layerStore == null ? "" : layerStore.driverName(),
                layerStore == null ? List.of() : pairs(layerStore.driverStatus()),
                InfoBody.Plugins.WHARF,
                true, false, true, true, true, true, true, true, // MemoryLimit .. IPv4Forwarding
                Boolean.TRUE.equals(live.debug()), openFileDescriptors(), Thread.activeCount(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)),
                "json-file", "cgroupfs", host.cgroupVersion(), 0,
                host.kernelVersion(), host.operatingSystem(), host.osVersion(), "linux", host.machine(),
                "https://index.docker.io/v1/", InfoBody.RegistryConfig.of(live),
                host.cpus(), host.memTotalBytes(), config.dataRootPath().toString(), host.hostname(),
                live.labels() == null ? List.of() : live.labels(), false, VersionBody.DOCKER_ENGINE_VERSION,
                InfoBody.Runtime.allOf(config), config.defaultRuntimeOrRunc(), InfoBody.Swarm.INACTIVE,
                Boolean.TRUE.equals(live.liveRestore()), "", "docker-init",
                securityOptions(SecurityModules.detect()), List.of());
    }

    /** As dockerd lists them: the LSMs containers are confined by, and seccomp. */
    static List<String> securityOptions(SecurityModules modules) {
        List<String> options = new ArrayList<>();
        if (modules.appArmor()) {
            options.add("name=apparmor");
        }
        options.add("name=seccomp,profile=builtin");
        if (modules.selinux()) {
            options.add("name=selinux");
        }
        return options;
    }

    private static List<List<String>> pairs(List<Map.Entry<String, String>> entries) {
        List<List<String>> result = new ArrayList<>();
        entries.forEach(e -> result.add(List.of(e.getKey(), e.getValue())));
        return result;
    }

    private static int openFileDescriptors() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /** Docker reports the Go version it was built with; the equivalent here is the Java runtime. */
    private static String runtimeVersion() {
        return "java" + System.getProperty("java.version");
    }

    private static String goArch() {
        return io.wharf.api.model.Platform.host().architecture();
    }
}
