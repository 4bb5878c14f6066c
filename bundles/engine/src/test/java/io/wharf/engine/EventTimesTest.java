package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTest {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void unixSecondsWithFractions() {
        assertNull(EventTimes.parse(null, NOW));
        assertNull(EventTimes.parse("", NOW));
        assertEquals(Instant.ofEpochSecond(1700000000), EventTimes.parse("1700000000", NOW));
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), EventTimes.parse("1700000000.5", NOW));
        assertEquals(Instant.ofEpochSecond(1700000000, 123_456_789), EventTimes.parse("1700000000.123456789", NOW));
        assertEquals(Instant.EPOCH, EventTimes.parse("0", NOW), "0 is a timestamp, not a duration");
    }

    @Test
    void rfc3339AndDates() {
        assertEquals(Instant.parse("2024-04-30T10:00:00Z"), EventTimes.parse("2024-04-30T10:00:00Z", NOW));
        assertEquals(Instant.parse("2024-04-30T08:00:00.25Z"), EventTimes.parse("2024-04-30T10:00:00.25+02:00", NOW));
        assertEquals(Instant.parse("2024-04-30T10:00:00Z"), EventTimes.parse("2024-04-30T10:00:00", NOW));
        assertEquals(Instant.parse("2024-04-30T00:00:00Z"), EventTimes.parse("2024-04-30", NOW));
    }

    @Test
    void goDurationsCountBackFromNow() {
        assertEquals(NOW.minusSeconds(600), EventTimes.parse("10m", NOW));
        assertEquals(NOW.minusSeconds(5400), EventTimes.parse("1h30m", NOW));
        assertEquals(NOW.minusMillis(1500), EventTimes.parse("1.5s", NOW));
        assertEquals(NOW.plusSeconds(60), EventTimes.parse("-1m", NOW), "a negative duration is in the future");
    }

    @Test
    void garbageIsAClientError() {
        EngineException e = assertThrows(EngineException.class, () -> EventTimes.parse("yesterday", NOW));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertThrows(EngineException.class, () -> EventTimes.parse("10x", NOW));
    }
}
