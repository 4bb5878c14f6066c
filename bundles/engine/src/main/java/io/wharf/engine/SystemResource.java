package io.wharf.engine;

import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.rest.JaxrsResource;
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
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /version} and {@code GET /info}, reported by {@link SystemReports}; the configurations it reports
 * are replaced when a SIGHUP changes them. It reads four configurations, so it designates none.
 */
@JaxrsResource
@Component(service = Object.class, configurationPolicy = ConfigurationPolicy.REQUIRE, configurationPid = {
        EngineConfiguration.DAEMON_PID, EngineConfiguration.ENGINE_PID, EngineConfiguration.REGISTRY_PID,
        EngineConfiguration.RUNTIME_PID})
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SystemResource {
    private SystemBackend backend;
    private volatile InfoSettings settings;

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
    void activate(BundleContext context, EngineConfiguration config) throws IOException {
        modified(config);
        SystemReports.Identity identity = new SystemReports.Identity(
                context.getBundle().getVersion().toString().replaceFirst("\\.[^.]*$", ""),
                EngineIdentity.load(java.nio.file.Path.of(config.dataRoot())),
                DateTimeFormatter.ISO_INSTANT.format(
                        Instant.ofEpochMilli(context.getBundle().getLastModified()).atOffset(ZoneOffset.UTC)));
        backend = new SystemReports(identity, HostFacts.system(), () -> settings,
                new SystemReports.Services(() -> images, () -> layers, () -> containers));
    }

    @Modified
    void modified(EngineConfiguration config) {
        settings = InfoSettings.of(config);
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
