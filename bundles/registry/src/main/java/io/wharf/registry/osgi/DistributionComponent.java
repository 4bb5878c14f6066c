package io.wharf.registry.osgi;

import io.wharf.api.image.ImageService;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.DistributionInspect;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.registry.distribution.RegistryDistribution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Publishes pull/push/login. Reads registry-mirrors, insecure-registries (both reloaded on SIGHUP) and the
 * concurrency limits from the daemon configuration; keeps its spool files and push metadata under {@code <data-root>/distribution}.
 */
@Component(service = DistributionService.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = RegistryConfiguration.PID)
@Designate(ocd = RegistryConfiguration.class)
public final class DistributionComponent implements DistributionService {
    private static final long RETRY_DELAY_MS = 1000;
    private final RegistryDistribution distribution;

    @Activate
    public DistributionComponent(RegistryConfiguration config, @Reference ImageService images,
                                 @Reference(target = "(" + RegistryTransport.SCHEME_PROPERTY + "=https)")
                                 RegistryTransport transport) throws IOException {
        this.distribution = new RegistryDistribution(transport, images, new RegistryDistribution.Settings(
                List.of(config.registryMirrors()), List.of(config.insecureRegistries()),
                config.maxConcurrentDownloads(), config.maxConcurrentUploads(),
                Path.of(config.dataRoot()).resolve("distribution"), RETRY_DELAY_MS, config.maxDownloadAttempts()));
    }

    /** SIGHUP: new mirrors and insecure registries apply to the next pull or push. */
    @Modified
    void modified(RegistryConfiguration config) {
        distribution.updateEndpoints(List.of(config.registryMirrors()), List.of(config.insecureRegistries()));
    }

    @Deactivate
    void deactivate() throws Exception {
        distribution.close();
    }

    @Override
    public void pull(ImageReference reference, Platform platform, boolean allTags, RegistryAuth auth,
                     ProgressListener progress) throws IOException {
        distribution.pull(reference, platform, allTags, auth, progress);
    }

    @Override
    public void push(ImageReference reference, boolean allTags, RegistryAuth auth, ProgressListener progress)
            throws IOException {
        distribution.push(reference, allTags, auth, progress);
    }

    @Override
    public String login(RegistryAuth auth) throws IOException {
        return distribution.login(auth);
    }

    @Override
    public DistributionInspect inspect(ImageReference reference, RegistryAuth auth) throws IOException {
        return distribution.inspect(reference, auth);
    }
}
