package io.wharf.support;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.Image;
import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The image policies registered now (a DS component adds and removes them as their bundles come and go), asked
 * before a pull or a container create: all must allow. A denial, or a policy that fails, is a FORBIDDEN
 * EngineException naming the policy. With no policy nothing is built or asked.
 */
public final class ImagePolicies {
    private final List<ImagePolicy> policies = new CopyOnWriteArrayList<>();

    public void add(ImagePolicy policy) {
        policies.add(policy);
    }

    public void remove(ImagePolicy policy) {
        policies.remove(policy);
    }

    /** Throws FORBIDDEN unless every policy allows pulling {@code reference}. */
    public void checkPull(ImageReference reference) {
        if (!policies.isEmpty()) {
            check("pull " + reference, p -> p.checkPull(reference));
        }
    }

    /** Throws FORBIDDEN unless every policy allows a container of {@code image}, which {@code reference} named. */
    public void checkRun(String reference, Image image) {
        if (policies.isEmpty()) {
            return;
        }
        ImageToRun subject = new ImageToRun(reference, image.id(), image.repoTags(), image.repoDigests(),
                labels(image));
        check("run " + reference, p -> p.checkRun(subject));
    }

    private void check(String action, Function<ImagePolicy, PolicyDecision> ask) {
        for (ImagePolicy policy : policies) {
            PolicyDecision decision;
            try {
                decision = ask.apply(policy);
            } catch (EngineException e) {
                if (e.kind() == ErrorKind.FORBIDDEN) {
                    throw e;
                }
                // any other kind (404, 500, ...) would let a broken policy answer for the engine
                throw denied(policy, action, "the policy failed: " + e.getMessage());
            } catch (RuntimeException e) {
                throw denied(policy, action, "the policy failed: " + e);
            }
            if (decision == null || !decision.allowed()) {
                throw denied(policy, action, decision == null ? "the policy gave no answer" : decision.reason());
            }
        }
    }

    private static EngineException denied(ImagePolicy policy, String action, String reason) {
        return new EngineException(ErrorKind.FORBIDDEN,
                "image policy " + policy.name() + " denied the request to " + action + ": " + reason);
    }

    private static Map<String, String> labels(Image image) {
        var config = image.config().config();
        Map<String, String> labels = new LinkedHashMap<>();
        if (config != null && config.labels() != null) {
            config.labels().forEach((k, v) -> {
                if (k != null) {
                    labels.put(k, v == null ? "" : v);
                }
            });
        }
        return labels;
    }
}
