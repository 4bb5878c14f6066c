package com.example.wharf.imagepolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    private static final String DIGEST = Digest.sha256("x".getBytes(StandardCharsets.UTF_8)).toString();

    @Test
    void pullsComeFromListedRegistriesOrRepositories() {
        Allowlist allow = Allowlist.parse("127.0.0.1:5000, registry.example", "busybox acme/*", "");

        assertTrue(pull(allow, "127.0.0.1:5000/any/thing:1").allowed());
        assertTrue(pull(allow, "registry.example/x").allowed());
        assertTrue(pull(allow, "busybox:1.36").allowed());
        assertTrue(pull(allow, "docker.io/library/busybox").allowed());
        assertTrue(pull(allow, "acme/app:2").allowed());
        assertEquals(PolicyDecision.deny("docker.io/library/alpine is not in an allowed registry or repository"),
                pull(allow, "alpine"));
        assertEquals(false, pull(allow, "acmecorp/app").allowed(), "acme/* is a namespace, not a prefix");
        assertEquals(false, pull(allow, "127.0.0.1:5001/any/thing").allowed());
        assertTrue(pull(Allowlist.parse("", "", "approved"), "anything.example/x").allowed(),
                "with no sources listed any source is allowed");
    }

    @Test
    void aRunNeedsAnAllowedOriginAndTheRequiredLabels() {
        Allowlist allow = Allowlist.parse("127.0.0.1:5000", "", "approved, tier=base");
        Map<String, String> labels = Map.of("approved", "", "tier", "base");

        assertTrue(allow.checkRun(image("127.0.0.1:5000/app:1", List.of("127.0.0.1:5000/app@" + DIGEST), labels))
                .allowed());
        assertTrue(allow.checkRun(image(DIGEST.substring(7, 19), List.of("127.0.0.1:5000/app@" + DIGEST), labels))
                .allowed(), "a run by ID is judged by the image's origin too");
        assertEquals(PolicyDecision.deny("busybox was not pulled from an allowed registry or repository"),
                allow.checkRun(image("busybox", List.of("busybox@" + DIGEST), labels)));
        assertEquals(false, allow.checkRun(image("127.0.0.1:5000/app:1", List.of(), labels)).allowed(),
                "a local tag alone is no origin");
        assertEquals(PolicyDecision.deny("127.0.0.1:5000/app:1 lacks the label tier=base"),
                allow.checkRun(image("127.0.0.1:5000/app:1", List.of("127.0.0.1:5000/app@" + DIGEST),
                        Map.of("approved", "yes", "tier", "top"))));
        assertEquals(PolicyDecision.deny("app lacks the label approved"),
                Allowlist.parse("", "", "approved").checkRun(image("app", List.of(), Map.of())));
    }

    @Test
    void theRulesAreShownNormalized() {
        assertEquals(Map.of("Registries", List.of("127.0.0.1:5000"), "Repositories",
                        List.of("docker.io/library/busybox", "docker.io/acme/*"), "RequiredLabels", Map.of("tier", "base")),
                Allowlist.parse("127.0.0.1:5000", "busybox,acme/*", "tier=base").describe());
    }

    private static PolicyDecision pull(Allowlist allow, String name) {
        return allow.checkPull(ImageReference.parse(name));
    }

    private static ImageToRun image(String reference, List<String> repoDigests, Map<String, String> labels) {
        return new ImageToRun(reference, Digest.parse(DIGEST), List.of(reference), repoDigests, labels);
    }
}
