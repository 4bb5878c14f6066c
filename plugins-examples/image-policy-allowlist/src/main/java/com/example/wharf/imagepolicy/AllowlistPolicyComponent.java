package com.example.wharf.imagepolicy;

import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import io.wharf.api.rest.JaxrsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the {@link Allowlist} as Wharf's {@link ImagePolicy} {@code example-allowlist} while a
 * {@code com.example.wharf.imagepolicy.cfg} file is in the plugins folder beside the jar (FileInstall makes it a
 * ConfigAdmin configuration); editing the file applies at once. It is also a vendor REST resource: {@code GET
 * /vendor/example/image-policy} shows the rules in force (vendors' routes live under {@code /vendor/NAME/}).
 */
@Component(service = {ImagePolicy.class, Object.class}, configurationPid = AllowlistPolicyComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@JaxrsResource
@Path("/vendor/example/image-policy")
@Designate(ocd = AllowlistPolicyComponent.Config.class)
public final class AllowlistPolicyComponent implements ImagePolicy {
    static final String PID = "com.example.wharf.imagepolicy";

    @ObjectClassDefinition(name = "Wharf example image policy: an allowlist")
    public @interface Config {
        @AttributeDefinition(description = "registries images may come from, e.g. 127.0.0.1:5000, ghcr.io")
        String registries() default "";

        @AttributeDefinition(description = "repositories images may come from, e.g. busybox, ghcr.io/acme/*")
        String repositories() default "";

        @AttributeDefinition(description = "labels an image to run must carry: key or key=value")
        String requiredLabels() default "";
    }

    private volatile Allowlist allowlist;

    @Activate
    public AllowlistPolicyComponent(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        allowlist = Allowlist.parse(config.registries(), config.repositories(), config.requiredLabels());
    }

    /** The rules in force, as JSON. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> rules() {
        return allowlist.describe();
    }

    @Override
    public String name() {
        return "example-allowlist";
    }

    @Override
    public PolicyDecision checkPull(ImageReference reference) {
        return allowlist.checkPull(reference);
    }

    @Override
    public PolicyDecision checkRun(ImageToRun image) {
        return allowlist.checkRun(image);
    }
}
