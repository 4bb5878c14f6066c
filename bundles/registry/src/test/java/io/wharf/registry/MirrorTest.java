package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.registry.support.Daemon;
import io.wharf.registry.support.LocalRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registry-mirrors: docker.io/library names are served by a local registry standing in for Docker Hub. */
class MirrorTest {
    @Test
    void busyboxComesFromTheMirror(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available(), "docker-registry is not installed");
        try (LocalRegistry mirror = LocalRegistry.start(dir.resolve("registry"), "");
             Daemon seeder = new Daemon(dir.resolve("seed"));
             Daemon daemon = new Daemon(dir.resolve("d"), List.of("http://" + mirror.host()), List.of())) {
            // seed the mirror with library/busybox
            String seeded = mirror.host() + "/library/busybox:latest";
            Digest id = seeder.build(seeded, "amd64", List.of(Daemon.busyboxLayer()));
            seeder.distribution.push(ImageReference.parse(seeded), false, RegistryAuth.anonymous(), m -> { });

            Daemon.Recorder r = new Daemon.Recorder();
            daemon.distribution.pull(ImageReference.parse("busybox"), null, false, RegistryAuth.anonymous(), r);
            Image img = daemon.store.inspect("busybox");
            assertEquals(id, img.id());
            assertEquals(List.of("busybox:latest"), img.repoTags());
            assertTrue(img.repoDigests().get(0).startsWith("busybox@sha256:"), img.repoDigests().toString());
            assertEquals("latest: Pulling from library/busybox", r.statuses().get(0));
            assertEquals("Status: Downloaded newer image for busybox:latest",
                    r.statuses().get(r.statuses().size() - 1));
        }
    }
}
