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
    void aServiceNeverSeenIsNotWaitedFor() {
        ReturningService<String> service = new ReturningService<>(bound::get, 10_000);
        long start = System.nanoTime();
        assertNull(service.get());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no wait");
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
