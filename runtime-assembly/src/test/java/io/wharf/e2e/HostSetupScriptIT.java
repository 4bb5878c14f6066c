package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install-host-packages.sh never starts (or stops) a service of the host: run in a throwaway copy of this
 * host (src/test/sh/throwaway-root.sh) where docker-registry, whose package starts its service, is missing and
 * the operator's own policy-rc.d allows starts (src/test/sh/install-host-packages-check.sh, with a control that
 * shows the registry would start without the script's policy).
 */
class HostSetupScriptIT {
    @TempDir
    Path dir;

    @Test
    void installingStartsNothingAndPutsTheOperatorsPolicyBack() throws Exception {
        Path module = Wharfd.distribution().toAbsolutePath().getParent().getParent();
        Path registryDeb = registryPackage();
        String said = ThrowawayRoot.run(module, dir, "install-host-packages-check.sh",
                module.resolveSibling("scripts/install-host-packages.sh"), registryDeb);
        for (String step : List.of("nothing started, the operator's policy-rc.d is back",
                "control: without it the registry starts")) {
            assertTrue(said.contains("ok: " + step + "\n"), "missing step '" + step + "':\n" + said);
        }
    }

    /** Debian's docker-registry package: from apt's cache, where installing it left it, else downloaded. */
    private Path registryPackage() throws Exception {
        try (Stream<Path> cached = Files.list(Path.of("/var/cache/apt/archives"))) {
            var found = cached.filter(p -> p.getFileName().toString().matches("docker-registry_.*\\.deb")).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        Process download = new ProcessBuilder("apt-get", "download", "docker-registry").directory(dir.toFile())
                .inheritIO().start();
        assertTrue(download.waitFor(5, TimeUnit.MINUTES), "apt-get download docker-registry");
        assertEquals(0, download.exitValue(), "apt-get download docker-registry");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElseThrow();
        }
    }
}
