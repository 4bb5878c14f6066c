package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EngineSettlingTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final EngineSettling settling = new EngineSettling(now::get);

    @Test
    void anEngineWithoutChangesIsSettled() {
        assertTrue(settling.settled());
    }

    @Test
    void aBundleOnItsWayIsNotSettledUntilItRestsAndTheQuietTimeHasPassed() {
        settling.begin(7);
        now.addAndGet(10 * EngineSettling.QUIET_MS);
        assertFalse(settling.settled(), "stopping");
        settling.end(7);
        assertFalse(settling.settled(), "just stopped: components of other bundles may follow");
        now.addAndGet(EngineSettling.QUIET_MS);
        assertTrue(settling.settled());
    }

    @Test
    void changedResourcesAreSettledOnlyOnceARebuildServesThem() {
        long first = settling.reloadRequested();
        long second = settling.reloadRequested();
        now.addAndGet(EngineSettling.QUIET_MS);
        settling.reloadDone(first);
        now.addAndGet(EngineSettling.QUIET_MS);
        assertFalse(settling.settled(), "a rebuild that read the resources before the second change");
        settling.reloadDone(second);
        now.addAndGet(EngineSettling.QUIET_MS);
        assertTrue(settling.settled());
    }

    @Test
    void aWaitEndsWhenTheBundleRestsAndTimesOutWhenItNeverDoes() throws Exception {
        EngineSettling real = new EngineSettling();
        real.begin(3);
        assertFalse(real.awaitSettled(50), "never rests");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return real.awaitSettled(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(waiting.isDone());
        real.end(3);
        assertTrue(waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWaitEndsWhenTheQuietTimeEndsNotAWholeQuietTimeAfterItBegan() throws Exception {
        EngineSettling real = new EngineSettling();
        real.begin(3);
        real.end(3);
        Thread.sleep(EngineSettling.QUIET_MS * 4 / 5);
        long start = System.nanoTime();
        assertTrue(real.awaitSettled(10_000));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs < EngineSettling.QUIET_MS * 3 / 4, "waited " + waitedMs + " ms for a quiet time that "
                + "had " + EngineSettling.QUIET_MS / 5 + " ms left");
    }

    @Test
    void routesAddedByALateBundleUnsettleNothingButAreWaitedForByWhoNeedsThem() throws Exception {
        long added = settling.additionRequested();
        assertTrue(settling.settled(), "what was served is still served");
        assertFalse(settling.awaitAllServed(0), "the added routes are not served yet");
        settling.reloadDone(added);
        assertTrue(settling.awaitAllServed(0));
    }

    @Test
    void routesALateBundleAddedAreNotAllServedUntilTheirRebuildIs() {
        assertTrue(settling.allServed());
        long added = settling.additionRequested();
        assertFalse(settling.allServed(), "a request for the new route must wait for the rebuild");
        settling.reloadDone(added);
        assertTrue(settling.allServed());
    }
}
