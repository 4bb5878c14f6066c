package io.wharf.builder.osgi;

import io.wharf.api.build.ImageBuilder;
import io.wharf.api.container.ContainerService;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.registry.DistributionService;
import io.wharf.builder.exec.ClassicBuilder;
import io.wharf.builder.remote.HttpDownloads;
import io.wharf.support.ImagePolicies;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Builds the classic builder (its state under {@code <data-root>/builder}) and registers it as the
 * {@code classic} ImageBuilder, which the /build resource (a DS component) requires.
 */
@Component(immediate = true, service = {}, configurationPid = BuilderConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BuilderConfiguration.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.wharf.api.build.ImageBuilder\"")
public final class BuilderComponent {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DistributionService distribution;

    /** Vendors' image policies, asked about a build's base images; they come and go with their bundles. */
    private final ImagePolicies imagePolicies = new ImagePolicies();
    private final ClassicBuilder builder;
    private volatile ServiceRegistration<ImageBuilder> builderRegistration;

    @Activate
    public BuilderComponent(BuilderConfiguration config, @Reference ImageService images,
                            @Reference ContainerService containers, @Reference ContainerLayerStore layers,
                            @Reference LinuxFs fs, BundleContext context) throws IOException {
        String version = context.getBundle().getVersion().toString().replaceFirst("\\.[^.]*$", "");
        builder = new ClassicBuilder(images, containers, layers, () -> distribution, fs,
                Path.of(config.dataRoot(), "builder"), version, Clock.systemUTC(), imagePolicies,
                new HttpDownloads(config.builderMaxDownloadBytes() > 0 ? config.builderMaxDownloadBytes()
                        : HttpDownloads.DEFAULT_MAX_BYTES)); // unset (0): the default
    }

    /**
     * Registers the builder once DS has bound the image policies (after the constructor, before this method):
     * registered from the constructor, a build could start before them and pull or run what a policy refuses.
     */
    @Activate
    void activate(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ImageBuilder.NAME_PROPERTY, "classic");
        builderRegistration = context.registerService(ImageBuilder.class, builder, properties);
    }

    @Reference(service = ImagePolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addImagePolicy(ImagePolicy policy) {
        imagePolicies.add(policy);
    }

    void removeImagePolicy(ImagePolicy policy) {
        imagePolicies.remove(policy);
    }

    @Deactivate
    void deactivate() {
        try {
            builderRegistration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }
}
