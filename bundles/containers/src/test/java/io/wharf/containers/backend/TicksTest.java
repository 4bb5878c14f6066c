package io.wharf.containers.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TicksTest {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    @Test
    void awaitReturnsAtTheNextTick() throws Exception {
        try (Ticks ticks = new Ticks(scheduler, Duration.ofMillis(20))) {
            long start = System.nanoTime();
            ticks.await();
            ticks.await();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 30 && elapsedMillis < 2000, "waited " + elapsedMillis + " ms");
        }
    }

    @Test
    void anInterruptEndsTheWaitWithAnIOException() {
        try (Ticks ticks = new Ticks(scheduler, Duration.ofSeconds(60))) {
            Thread.currentThread().interrupt();
            assertThrows(IOException.class, ticks::await);
            assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
        }
    }

    @Test
    void aTickThatNeverComesDoesNotHangTheStream() throws Exception {
        try (Ticks ticks = new Ticks(scheduler, Duration.ofMillis(10))) {
            scheduler.shutdownNow();
            ticks.await(); // returns after a few missed intervals
        }
    }

    @Test
    void closeStopsTheTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
        new Ticks(timer, Duration.ofMillis(5)).close();
        assertTrue(timer.shutdownNow().isEmpty(), "no periodic task left");
    }
}
