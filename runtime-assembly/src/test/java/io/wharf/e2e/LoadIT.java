package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients against one wharfd (20 for 15 s here; bench/load.sh runs 60 s): no request fails, and afterwards
 * the host holds no more of the daemon's mounts, veths or nftables rules than before, and the daemon holds no
 * more open files or threads and about the memory it had after a GC (report in target/load-report.txt).
 * -Dwharf.load.strict=false checks the host only, for looking at the figures of a daemon known to leak.
 */
class LoadIT {
    /** Idle pools (Jetty's, the cached executors) let their threads go after 60 s. */
    private static final long SETTLE_SECONDS = 90;
    /** What a heap grown under load may keep after a full GC (the JVM gives memory back lazily). */
    private static final long RSS_SLACK_KIB = 48 * 1024;

    @TempDir
    Path work;

    @Test
    void manyClientsLeaveNothingBehind() throws Exception {
        int clients = Integer.getInteger("wharf.load.clients", 20);
        int seconds = Integer.getInteger("wharf.load.seconds", 15);
        boolean strict = !"false".equals(System.getProperty("wharf.load.strict"));
        try (Wharfd wharfd = new Wharfd("load").start()) {
            wharfd.docker().run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                    "busybox:latest").ok();
            LoadWorkload load = new LoadWorkload(wharfd);
            load.startTarget();
            load.warmUp();
            assertEquals(0, load.errorCount(), () -> "warm-up failed: " + load.errors());
            load.resetFigures();
            HostFootprint before = HostFootprint.of(wharfd, wharfd.pid());
            String heldBefore = describe(wharfd);

            long start = System.nanoTime();
            load.run(clients, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            HostFootprint atEnd = HostFootprint.of(wharfd, wharfd.pid());
            HostFootprint after = settle(wharfd, before, strict);

            String report = String.format("%d clients for %d s (%.1f s with the last requests): %d requests, "
                            + "%d errors, %.1f requests/s%n%s%nbefore:  %s%nat end:  %s%nsettled: %s%n"
                            + "RSS before %d MiB, after %d MiB%n%s",
                    clients, seconds, elapsed, load.requests(), load.errorCount(), load.requests() / elapsed,
                    load.figures(), before, atEnd, after, before.rssKiB() / 1024, after.rssKiB() / 1024,
                    load.errors().isEmpty() ? "" : "first errors:\n  " + String.join("\n  ", load.errors()) + "\n");
            String held = "before the load, " + heldBefore + "\nafter it, " + describe(wharfd);
            System.out.println(report);
            Files.writeString(Files.createDirectories(Path.of("target")).resolve("load-report.txt"),
                    report + held + "\n");

            assertEquals(0, load.errorCount(), report);
            assertTrue(load.requests() >= clients, report);
            assertTrue(after.hostWithin(before), () -> "left on the host after the load:\n" + report + held);
            if (strict) {
                assertTrue(after.processWithin(before), () -> "held after the load:\n" + report + held);
                assertTrue(after.rssKiB() <= before.rssKiB() + RSS_SLACK_KIB, "memory kept after the load:\n" + report);
            }
        }
    }

    private static String describe(Wharfd wharfd) {
        try {
            return HostFootprint.describe(wharfd.pid());
        } catch (Exception e) {
            return "(cannot describe the daemon: " + e + ")";
        }
    }

    /**
     * The footprint once clean-ups have run (and, when the process is checked too, pools have shrunk): polled
     * until it is back within the baseline or the time is up.
     */
    private static HostFootprint settle(Wharfd wharfd, HostFootprint baseline, boolean process) throws Exception {
        long deadline = System.nanoTime() + (process ? SETTLE_SECONDS : 20) * 1_000_000_000L;
        HostFootprint now = HostFootprint.of(wharfd, wharfd.pid());
        while (!(now.hostWithin(baseline) && (!process || now.processWithin(baseline)))
                && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            now = HostFootprint.of(wharfd, wharfd.pid());
        }
        return now;
    }
}
