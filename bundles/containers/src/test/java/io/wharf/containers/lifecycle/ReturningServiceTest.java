package io.wharf.containers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReturningServiceTest {
    private final AtomicReference<String> bound = new AtomicReference<>();

    @Test
    void aServiceThatWentAwayIsWaitedForUntilItsBundleIsBack() throws Exception {
        ReturningService<String> service = new ReturningService<>(bound::get, 10_000);
        bound.set("networks r1");
        assertEquals("networks r1", service.get());
        bound.set(null); // Bundle.update: unbound, then the new revision's service is bound
        Thread update = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            bound.set("networks r2");
        });
        update.start();
        assertEquals("networks r2", service.get());
        update.join();
    }

    @Test
    void aServiceThatStaysAwayIsNullAfterTheBound() {
        ReturningService<String> service = new ReturningService<>(bound::get, 200);
        bound.set("volumes");
        service.get();
        bound.set(null);
        long start = System.nanoTime();
        assertNull(service.get());
        assertTrue(System.nanoTime() - start >= 150_000_000L, "it waited");
    }

    @Test
    void aServiceNeverSeenIsNotWaitedForOnceTheEngineHasBeenUpForTheBound() throws Exception {
        ReturningService<String> service = new ReturningService<>(bound::get, 200);
        service.serving();
        Thread.sleep(250);
        long start = System.nanoTime();
        assertNull(service.get());
        assertTrue(System.nanoTime() - start < 100_000_000L, "no wait");
    }

    /** The engine's own start-up (reconciliation) does not wait for a service it has not seen. */
    @Test
    void aServiceNeverSeenIsNotWaitedForBeforeTheEngineServes() {
        ReturningService<String> service = new ReturningService<>(bound::get, 10_000);
        long start = System.nanoTime();
        assertNull(service.get());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no wait");
    }

    /** A refresh restarts the engine and the volumes bundle together; the engine may be up first. */
    @Test
    void aNewEngineWaitsForAServiceItHasNotSeenYet() throws Exception {
        ReturningService<String> service = new ReturningService<>(bound::get, 10_000);
        service.serving();
        Thread volumesStarting = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            bound.set("volumes r2");
        });
        volumesStarting.start();
        assertEquals("volumes r2", service.get());
        volumesStarting.join();
    }

    @Test
    void aServiceThatNeverComesIsNullAtTheEndOfTheNewEnginesBound() {
        ReturningService<String> service = new ReturningService<>(bound::get, 200);
        service.serving();
        long start = System.nanoTime();
        assertNull(service.get());
        long waited = System.nanoTime() - start;
        assertTrue(waited >= 100_000_000L && waited < 5_000_000_000L, "waited out the bound: " + waited);
    }

    /** The engine closing (a refresh that also stops this service's bundle) ends the wait: it would not return. */
    @Test
    void theWaitEndsWhenTheEngineCloses() {
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        ReturningService<String> service = new ReturningService<>(bound::get, 10_000, closing::get);
        bound.set("networks");
        service.get();
        bound.set(null);
        new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            closing.set(true);
        }).start();
        long start = System.nanoTime();
        assertNull(service.get());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "given up, not waited 10 s");
    }
}
