package io.wharf.api.policy;

import io.wharf.api.model.ImageReference;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A rule on which images may be pulled and run, registered as an OSGi service by a vendor's bundle. The engine asks
 * every registered policy, in no set order, and goes on only when all allow; a denial answers the client 403 with
 * {@code image policy NAME denied ...: REASON}. Policies come and go with their bundles and apply from the next
 * request on.
 *
 * <p>Where the engine asks: {@link #checkPull} before {@code POST /images/create?fromImage=} (docker pull, and the
 * pull {@code docker run} makes for an image it lacks) and before a build pulls a {@code FROM} image;
 * {@link #checkRun} before {@code POST /containers/create} and for a build's {@code FROM} image (the build's step
 * containers, made from that image's descendants, are not asked about again).
 *
 * <p>Calls come from request threads, concurrently; they should answer from memory. A policy that throws a
 * RuntimeException other than an {@link io.wharf.api.errors.EngineException} is taken as a denial (fail closed).
 */
@ConsumerType
public interface ImagePolicy {
    /** Names the policy in denials and logs. */
    String name();

    /**
     * Whether {@code reference} (normalized: domain, path and a tag or digest, or neither for all tags) may be
     * pulled. Allows by default, for a policy about runs only.
     */
    default PolicyDecision checkPull(ImageReference reference) {
        return PolicyDecision.allow();
    }

    /** Whether a container may be created from this local image. Allows by default, for a policy about pulls only. */
    default PolicyDecision checkRun(ImageToRun image) {
        return PolicyDecision.allow();
    }
}
