package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import io.wharf.api.testkit.Tars;
import io.wharf.imagestore.ImageStore;
import io.wharf.linux.LinuxFs;
import io.wharf.storage.vfs.VfsStorageDriverProvider;
import io.wharf.support.ImagePolicies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's base images pass the image policies as images to run, and as pulls when they must be pulled. */
class BaseImagePolicyTest {
    @TempDir
    Path home;

    @Test
    void aBaseImageThePoliciesRefuseFailsTheBuild() throws Exception {
        LinuxFs fs = LinuxFs.get();
        ImageStore images = new ImageStore(home.resolve("image"),
                new VfsStorageDriverProvider(fs).open(home.resolve("vfs"), List.of()));
        ImagePolicies policies = new ImagePolicies();
        ClassicBuilder builder = new ClassicBuilder(images, null, null, () -> null, fs, home.resolve("builder"),
                "28.2", Clock.systemUTC(), policies);
        build(builder, "FROM scratch\nLABEL approved=yes\n", "approved:1");
        build(builder, "FROM scratch\nLABEL other=yes\n", "unapproved:1");
        policies.add(new ImagePolicy() {
            @Override
            public String name() {
                return "approved-only";
            }

            @Override
            public PolicyDecision checkPull(ImageReference reference) {
                return PolicyDecision.deny("no pulls in builds");
            }

            @Override
            public PolicyDecision checkRun(ImageToRun image) {
                return image.labels().containsKey("approved") ? PolicyDecision.allow()
                        : PolicyDecision.deny("label approved is missing");
            }
        });

        Digest child = build(builder, "FROM approved:1\nLABEL child=yes\n", "child:1");
        EngineException refused = assertThrows(EngineException.class,
                () -> build(builder, "FROM unapproved:1\nLABEL child=yes\n", "refused:1"));
        EngineException notPulled = assertThrows(EngineException.class,
                () -> build(builder, "FROM registry.example/app:1\n", "refused:2"));

        assertEquals("yes", images.inspect(child.toString()).config().config().labels().get("approved"));
        assertEquals(ErrorKind.FORBIDDEN, refused.kind());
        assertEquals("image policy approved-only denied the request to run unapproved:1: label approved is missing",
                refused.getMessage());
        assertEquals("image policy approved-only denied the request to pull registry.example/app:1: no pulls in "
                + "builds", notPulled.getMessage());
    }

    private static Digest build(ClassicBuilder builder, String dockerfile, String tag) throws IOException {
        BuildRequest request = new BuildRequest(null, List.of(tag), Map.of(), Map.of(), null, false, false, true,
                false, false, null, List.of(), List.of(), BuildRequest.Resources.none());
        return builder.build(request, new ByteArrayInputStream(Tars.bytes("Dockerfile=" + dockerfile)),
                message -> { }, new CompletableFuture<>());
    }
}
