package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code mvn package} builds, through its whole life in a throwaway copy of this host
 * (src/test/sh/package-lifecycle.sh in src/test/sh/throwaway-root.sh: an overlay over / in private mount, network
 * and PID namespaces, so the host's dpkg database, units, /run and network stay untouched): dpkg -i, systemd-analyze verify of the units, wharfd as
 * wharf.service's ExecStart runs it under socket activation (an early client answered, READY=1 only once /version
 * answers), docker run, the compat socket, dpkg -r leaving nothing behind, dpkg --purge keeping the data root.
 */
class PackageEndToEndIT {
    @TempDir
    Path dir;

    @Test
    void thePackageInstallsRunsAsTheUnitDoesAndRemovesCleanly() throws Exception {
        Path target = Wharfd.distribution().toAbsolutePath().getParent();
        Path deb;
        try (Stream<Path> files = Files.list(target)) {
            deb = files.filter(p -> p.getFileName().toString().matches("wharf_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no wharf_*_all.deb in " + target));
        }
        Path module = target.getParent();
        Path busybox = dir.resolve("busybox.tar");
        Process rootfs = new ProcessBuilder(module.resolveSibling("scripts/make-busybox-rootfs.sh").toString(),
                busybox.toString()).inheritIO().start();
        assertTrue(rootfs.waitFor(2, TimeUnit.MINUTES) && rootfs.exitValue() == 0, "make-busybox-rootfs.sh");
        String said = ThrowawayRoot.run(module, dir, "package-lifecycle.sh", deb, busybox);
        for (String step : List.of("dpkg -i: files, docker group, conffile, units enabled", "systemd-analyze verify",
                "wharfd --validate", "docker-compat-socket refused over a live socket",
                "an early client on the activated socket was answered", "READY=1 arrived and /version answered at once",
                "docker run (default bridge, and through the compat socket)",
                "SIGHUP reloads and the activated socket still serves", "log-format json",
                "dpkg -r leaves no processes, bridges, nft tables, mounts or files",
                "dpkg --purge keeps /var/lib/wharf unless WHARF_PURGE_DATA=1")) {
            assertTrue(said.contains("ok: " + step + "\n"), "missing step '" + step + "':\n" + said);
        }
    }
}
