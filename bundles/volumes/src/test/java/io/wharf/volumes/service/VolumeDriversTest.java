package io.wharf.volumes.service;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.volumes.testing.FakeDriver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeDriversTest {
    @TempDir
    Path dir;

    @Test
    void aLookupWaitsForADriverWhoseBundleIsBeingReplaced() throws Exception {
        VolumeDrivers drivers = new VolumeDrivers(10_000);
        FakeDriver old = new FakeDriver("local", "local", dir.resolve("old"));
        FakeDriver replacement = new FakeDriver("local", "local", dir.resolve("new"));
        drivers.add("local", old);
        drivers.remove("local", old); // Bundle.update: the old revision's driver goes first
        Thread update = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            drivers.add("local", replacement);
        });
        update.start();
        assertSame(replacement, drivers.find("local"));
        update.join();
    }

    @Test
    void aDriverThatStaysAwayIsAbsentAfterTheWait() {
        VolumeDrivers drivers = new VolumeDrivers(200);
        FakeDriver old = new FakeDriver("local", "local", dir.resolve("old"));
        drivers.add("local", old);
        drivers.remove("local", old);
        long start = System.nanoTime();
        assertNull(drivers.find("local"));
        assertTrue(System.nanoTime() - start >= 150_000_000L, "it waited for the driver");
    }

    /** A logging refresh restarts the volume service and the local driver together: the service may be up first. */
    @Test
    void theDriverOfAStoredVolumeIsAwaitedAfterTheServiceStarts() throws Exception {
        VolumeDrivers drivers = new VolumeDrivers(10_000);
        drivers.expect(List.of("local"));
        FakeDriver local = new FakeDriver("local", "local", dir.resolve("local"));
        Thread driverStarting = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            drivers.add("local", local);
        });
        driverStarting.start();
        assertSame(local, drivers.find("local"));
        driverStarting.join();
    }

    @Test
    void theDriverOfAStoredVolumeIsNotAwaitedOnceTheBoundAfterTheStartIsOver() throws Exception {
        VolumeDrivers drivers = new VolumeDrivers(200);
        drivers.expect(List.of("local"));
        Thread.sleep(250);
        long start = System.nanoTime();
        assertNull(drivers.find("local"));
        assertTrue(System.nanoTime() - start < 100_000_000L, "no wait");
    }

    @Test
    void aNameThatNeverHadADriverIsNotWaitedFor() {
        VolumeDrivers drivers = new VolumeDrivers(10_000);
        long start = System.nanoTime();
        assertNull(drivers.find("nope"));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no wait for an unknown name");
    }
}
