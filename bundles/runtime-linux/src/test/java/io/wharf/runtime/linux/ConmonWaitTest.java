package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An interrupted start still waits for conmon's shim, so nothing it started is left without a record. */
@Timeout(30)
class ConmonWaitTest {
    @Test
    void anInterruptedWaitStillWaitsForTheShimAndKeepsTheInterrupt() throws Exception {
        Process shim = new ProcessBuilder("sleep", "0.5").start();
        Thread.currentThread().interrupt();
        try {
            Conmon.waitFor(shim);
            assertFalse(shim.isAlive(), "returned before the shim ended");
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (and cleared here)");
        }
    }
}
