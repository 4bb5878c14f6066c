package io.wharf.registry.osgi;

import io.wharf.api.image.ImageService;
import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.registry.DistributionInspect;
import io.wharf.api.registry.DistributionService;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.registry.SearchQuery;
import io.wharf.api.registry.SearchResult;
import io.wharf.registry.distribution.RegistryDistribution;
import io.wharf.registry.distribution.TransferTally;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineMetrics metrics;

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
        TransferTally tally = new TransferTally(progress);
        boolean ok = false;
        try {
            distribution.pull(reference, platform, allTags, auth, tally);
            ok = true;
        } finally {
            record(EngineMetrics.Transfer.PULL, ok, tally);
        }
    }

    @Override
    public void push(ImageReference reference, boolean allTags, RegistryAuth auth, ProgressListener progress)
            throws IOException {
        TransferTally tally = new TransferTally(progress);
        boolean ok = false;
        try {
            distribution.push(reference, allTags, auth, tally);
            ok = true;
        } finally {
            record(EngineMetrics.Transfer.PUSH, ok, tally);
        }
    }

    private void record(EngineMetrics.Transfer transfer, boolean succeeded, TransferTally tally) {
        EngineMetrics m = metrics;
        if (m != null) {
            m.imageTransfer(transfer, succeeded, tally.bytes());
        }
    }

    @Override
    public String login(RegistryAuth auth) throws IOException {
        return distribution.login(auth);
    }

    @Override
    public DistributionInspect inspect(ImageReference reference, RegistryAuth auth) throws IOException {
        return distribution.inspect(reference, auth);
    }

    @Override
    public List<SearchResult> search(SearchQuery query, RegistryAuth auth) throws IOException {
        return distribution.search(query, auth);
    }
}
