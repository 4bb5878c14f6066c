package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void unitsAndSums() {
        assertEquals(5_400_000_000_000L, GoDuration.parseOrNull("1h30m"));
        assertEquals(500_000_000L, GoDuration.parseOrNull("500ms"));
        assertEquals(2_500_000_000L, GoDuration.parseOrNull("2.5s"));
        assertEquals(3_000L, GoDuration.parseOrNull("3us"));
        assertEquals(3_000L, GoDuration.parseOrNull("3µs"));
        assertEquals(7L, GoDuration.parseOrNull("7ns"));
    }

    @Test
    void goSpellingsOfFractionsAndMicroseconds() {
        assertEquals(1_800_000_000_000L, GoDuration.parseOrNull(".5h"));
        assertEquals(1_000_000_000L, GoDuration.parseOrNull("1.s"));
        assertEquals(3_000L, GoDuration.parseOrNull("3\u03bcs"));
        assertEquals(100_000_001L, GoDuration.parseOrNull("0.1s1ns"), "exact, not rounded through a double");
    }

    @Test
    void signs() {
        assertEquals(-60_000_000_000L, GoDuration.parseOrNull("-1m"));
        assertEquals(60_000_000_000L, GoDuration.parseOrNull("+1m"));
    }

    @Test
    void notADuration() {
        assertNull(GoDuration.parseOrNull(null));
        assertNull(GoDuration.parseOrNull(""));
        assertNull(GoDuration.parseOrNull("-"));
        assertNull(GoDuration.parseOrNull("10"));
        assertNull(GoDuration.parseOrNull("10x"));
        assertNull(GoDuration.parseOrNull("1h 30m"));
    }
}
