package io.wharf.registry.osgi;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes pull/push/login. Reads registry-mirrors, insecure-registries (both reloaded on SIGHUP) and the
 * concurrency limits from the daemon configuration; keeps its spool files and push metadata under {@code <data-root>/distribution}.
 */
@Component(service = DistributionService.class)
public final class DistributionComponent implements DistributionService {
    private static final long RETRY_DELAY_MS = 1000;
    private final RegistryDistribution distribution;
    private final AutoCloseable reloads;

    @Activate
    public DistributionComponent(@Reference DaemonSettings settings, @Reference ImageService images,
                                 @Reference(target = "(" + RegistryTransport.SCHEME_PROPERTY + "=https)")
                                 RegistryTransport transport) throws IOException {
        DaemonConfig config = settings.current();
        this.distribution = new RegistryDistribution(transport, images, new RegistryDistribution.Settings(
                config.registryMirrors(), config.insecureRegistries(), config.maxConcurrentDownloadsOrDefault(),
                config.maxConcurrentUploadsOrDefault(), config.dataRootPath().resolve("distribution"),
                RETRY_DELAY_MS));
        // SIGHUP: new mirrors and insecure registries apply to the next pull or push
        this.reloads = settings.onReload(c -> distribution.updateEndpoints(c.registryMirrors(),
                c.insecureRegistries()));
    }

    @Deactivate
    void deactivate() throws Exception {
        reloads.close();
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
