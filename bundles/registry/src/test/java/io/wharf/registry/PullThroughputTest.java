package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.registry.support.Daemon;
import io.wharf.registry.support.LocalRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Measures pulling a ~100 MiB, 5-layer image from a local registry. Run with -Dwharf.perf=true. */
@EnabledIfSystemProperty(named = "wharf.perf", matches = "true")
class PullThroughputTest {
    @Test
    void hundredMegabytesInFiveLayers(@TempDir Path dir) throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"), "");
             Daemon pusher = new Daemon(dir.resolve("a")); Daemon puller = new Daemon(dir.resolve("b"))) {
            String name = registry.host() + "/perf/big:1";
            List<byte[]> layers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // half random, half text-like: realistic compression and gunzip work
                byte[] text = ("line " + i + " of some fairly repetitive content\n").repeat(300_000).getBytes();
                layers.add(Daemon.tar("data/random.bin", Daemon.random(10 * 1024 * 1024, i),
                        "data/text.txt", java.util.Arrays.copyOf(text, 10 * 1024 * 1024)));
            }
            Digest id = pusher.build(name, "amd64", layers);
            long t0 = System.nanoTime();
            pusher.distribution.push(ImageReference.parse(name), false, RegistryAuth.anonymous(), m -> { });
            long t1 = System.nanoTime();
            puller.distribution.pull(ImageReference.parse(name), null, false, RegistryAuth.anonymous(), m -> { });
            long t2 = System.nanoTime();
            assertEquals(id, puller.store.inspect(name).id());
            double mib = 100.0;
            System.out.printf("PERF push: %.2f s (%.1f MiB/s uncompressed); pull: %.2f s (%.1f MiB/s uncompressed)%n",
                    (t1 - t0) / 1e9, mib / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, mib / ((t2 - t1) / 1e9));
        }
    }
}
