package io.wharf.engine;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.RestResources;
import io.wharf.engine.rest.InfoBody;
import io.wharf.engine.rest.VersionBody;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /version} and {@code GET /info}, reported by {@link SystemReports}. */
@Component(service = Object.class, property = RestResources.RESOURCE_PROPERTY + "=true")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SystemResource {
    private SystemBackend backend;

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
        SystemReports.Identity identity = new SystemReports.Identity(
                context.getBundle().getVersion().toString().replaceFirst("\\.[^.]*$", ""),
                EngineIdentity.load(config.dataRootPath()),
                DateTimeFormatter.ISO_INSTANT.format(
                        Instant.ofEpochMilli(context.getBundle().getLastModified()).atOffset(ZoneOffset.UTC)));
        backend = new SystemReports(identity, HostFacts.system(), config, settings,
                new SystemReports.Services(() -> images, () -> layers, () -> containers));
    }

    @GET
    @Path("version")
    public VersionBody version() {
        return backend.version();
    }

    @GET
    @Path("info")
    public InfoBody info() {
        return backend.info();
    }
}
