package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.Image;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ImagePoliciesTest {
    private final ImagePolicies policies = new ImagePolicies();

    @Test
    void withoutPoliciesEverythingPasses() {
        policies.checkPull(ImageReference.parse("anything.example/x:1"));
        policies.checkRun("busybox", image(Map.of()));
    }

    @Test
    void aPullIsRefusedWhenOnePolicyOfSeveralDenies() {
        List<ImageReference> asked = new ArrayList<>();
        policies.add(policy("open", ref -> {
            asked.add(ref);
            return PolicyDecision.allow();
        }, run -> PolicyDecision.allow()));
        policies.add(policy("registries", ref -> ref.domain().equals("docker.io") ? PolicyDecision.allow()
                : PolicyDecision.deny("registry " + ref.domain() + " is not allowed"), run -> PolicyDecision.allow()));

        policies.checkPull(ImageReference.parse("busybox:latest"));
        EngineException denied = assertThrows(EngineException.class,
                () -> policies.checkPull(ImageReference.parse("evil.example:5000/x:1")));

        assertEquals(ErrorKind.FORBIDDEN, denied.kind());
        assertEquals("image policy registries denied the request to pull evil.example:5000/x:1: registry "
                + "evil.example:5000 is not allowed", denied.getMessage());
        assertEquals(2, asked.size(), "every policy is asked");
    }

    @Test
    void aRunSeesTheImageItsReferenceResolvedTo() {
        List<ImageToRun> seen = new ArrayList<>();
        policies.add(policy("labels", ref -> PolicyDecision.allow(), run -> {
            seen.add(run);
            return "yes".equals(run.labels().get("approved")) ? PolicyDecision.allow()
                    : PolicyDecision.deny("label approved=yes is missing");
        }));
        Map<String, String> labels = new HashMap<>();
        labels.put("approved", "yes");
        labels.put("empty", null);

        policies.checkRun("app:1", image(labels));
        EngineException denied = assertThrows(EngineException.class, () -> policies.checkRun("other", image(Map.of())));

        assertEquals("image policy labels denied the request to run other: label approved=yes is missing",
                denied.getMessage());
        ImageToRun first = seen.get(0);
        assertEquals("app:1", first.reference());
        assertEquals(List.of("app:1"), first.repoTags());
        assertEquals(Map.of("approved", "yes", "empty", ""), first.labels());
    }

    @Test
    void aPolicyThatFailsOrIsRemovedIsHandled() {
        ImagePolicy broken = policy("broken", ref -> {
            throw new IllegalStateException("no rules loaded");
        }, run -> null);
        policies.add(broken);

        EngineException failed = assertThrows(EngineException.class,
                () -> policies.checkPull(ImageReference.parse("busybox")));
        assertEquals(ErrorKind.FORBIDDEN, failed.kind());
        assertEquals("image policy broken denied the request to pull docker.io/library/busybox: the policy failed: "
                + "java.lang.IllegalStateException: no rules loaded", failed.getMessage());
        assertEquals(ErrorKind.FORBIDDEN, assertThrows(EngineException.class,
                () -> policies.checkRun("busybox", image(Map.of()))).kind());

        policies.remove(broken);
        policies.checkPull(ImageReference.parse("busybox"));
    }

    @Test
    void aPolicysOwnEngineErrorOtherThanForbiddenIsADenialNamingIt() {
        policies.add(policy("lookup", ref -> {
            throw EngineException.notFound("no such rule set");
        }, run -> {
            throw new EngineException(ErrorKind.FORBIDDEN, "own words");
        }));
        EngineException failed = assertThrows(EngineException.class,
                () -> policies.checkPull(ImageReference.parse("busybox")));
        assertEquals(ErrorKind.FORBIDDEN, failed.kind());
        assertEquals("image policy lookup denied the request to pull docker.io/library/busybox: the policy failed: "
                + "no such rule set", failed.getMessage());
        EngineException own = assertThrows(EngineException.class,
                () -> policies.checkRun("busybox", image(Map.of())));
        assertEquals("own words", own.getMessage());
    }

    private static Image image(Map<String, String> labels) {
        ContainerConfig config = new ContainerConfig(null, null, null, null, null, null, null, labels, null, null,
                null, null, null);
        byte[] raw = "{}".getBytes(StandardCharsets.UTF_8);
        return new Image(Digest.sha256(raw), raw, new ImageConfig("amd64", "linux", null, null, null, null, null,
                config, null, null), List.of("app:1"), List.of(), null, 0, null);
    }

    private static ImagePolicy policy(String name, Function<ImageReference, PolicyDecision> pull,
                                      Function<ImageToRun, PolicyDecision> run) {
        return new ImagePolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public PolicyDecision checkPull(ImageReference reference) {
                return pull.apply(reference);
            }

            @Override
            public PolicyDecision checkRun(ImageToRun image) {
                return run.apply(image);
            }
        };
    }
}
