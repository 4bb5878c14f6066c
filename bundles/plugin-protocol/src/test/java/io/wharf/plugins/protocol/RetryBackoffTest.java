package io.wharf.plugins.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    @Test
    void doublesUpToTheBoundAsDockerd() {
        RetryBackoff b = RetryBackoff.DOCKERD;
        assertEquals(Duration.ofSeconds(1), b.delay(0));
        assertEquals(Duration.ofSeconds(2), b.delay(1));
        assertEquals(Duration.ofSeconds(16), b.delay(4));
        assertEquals(Duration.ofSeconds(30), b.delay(5));
        assertEquals(Duration.ofSeconds(30), b.delay(50));
    }

    @Test
    void givesUpWhenTheNextSleepWouldPassTheBound() {
        RetryBackoff b = RetryBackoff.DOCKERD;
        assertFalse(b.exhausted(Duration.ofSeconds(10), Duration.ofSeconds(16)));
        assertTrue(b.exhausted(Duration.ofSeconds(15), Duration.ofSeconds(16)));
    }
}
