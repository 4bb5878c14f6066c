package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void rfc3339NanoAsGoPrintsIt() {
        assertEquals(Times.ZERO, Times.rfc3339Nano(null));
        assertEquals("2024-05-01T10:00:00.1Z", Times.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.100Z")));
        assertEquals("2024-05-01T10:00:00Z", Times.rfc3339Nano(Instant.parse("2024-05-01T10:00:00Z")));
        assertEquals("2024-05-01T10:00:00.000000001Z", Times.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.000000001Z")));
    }

    /** The hand-written common form must read every string exactly as the formatter reads it, or not at all. */
    @Test
    void parseRfc3339ReadsAsOffsetDateTimeDoes() {
        List<String> texts = new ArrayList<>(List.of("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.5+02:00",
                "2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.1234567891Z", "2024-05-01T10:00:00.Z",
                "2024-02-29T23:59:59-05:30", "2023-02-29T10:00:00Z", "2024-04-31T10:00:00Z", "2024-13-01T10:00:00Z",
                "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00+19:00",
                "2024-05-01T10:00:00+18:00", "2024-05-01T10:00:00+01:60", "2024-05-01T10:00:00+0100",
                "2024-05-01t10:00:00z", "2024-05-01T10:00:00+01:00:30", "2024-05-01T10:00:00", "2024-05-01",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "2024-05-01T10:00:0aZ", "2024-05-01T10:00:00.1a2Z", "+2024-05-01T10:00:00Z", "2024-05-01T10:00:00ZZ",
                "2024-05-01T10:00:00.5-00:00", "2024-05-01 10:00:00Z"));
        Random random = new Random(15);
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 900);
            texts.add(Times.rfc3339Nano(t));
            texts.add(OffsetDateTime.ofInstant(t, offset).toString());
        }
        for (String text : texts) {
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            assertEquals(expected, Times.parseRfc3339KeepingZero(text), text);
        }
    }

    @Test
    void parseRfc3339TreatsTheZeroTimeAsNever() {
        assertEquals(Instant.parse("2024-05-01T08:00:00.5Z"), Times.parseRfc3339("2024-05-01T10:00:00.5+02:00"));
        assertNull(Times.parseRfc3339(Times.ZERO));
        assertNull(Times.parseRfc3339(""));
        assertNull(Times.parseRfc3339(null));
        assertNull(Times.parseRfc3339("yesterday"));
    }

    @Test
    void logTimestampsRoundTrip() {
        byte[] ts = "2024-05-01T10:00:00.123456789Z".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Times.epochNanos(Instant.parse("2024-05-01T10:00:00.123456789Z")),
                Times.parseEpochNanos(ts, 0, ts.length));
        assertEquals("2024-05-01T10:00:00.123456789Z", Times.rfc3339NanoFixed(Times.parseEpochNanos(ts, 0, ts.length)));
        assertEquals("2024-05-01T10:00:00.000000000Z", Times.rfc3339NanoFixed(Times.epochNanos(NOW)));
    }

    @Test
    void parseEpochNanosTakesZonesAndRejectsTheRest() {
        byte[] line = "xx2024-05-01T12:00:03.5+02:00 stdout".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Times.epochNanos(Instant.parse("2024-05-01T10:00:03.5Z")), Times.parseEpochNanos(line, 2, 27));
        byte[] bad = "2024-05-01 10:00:00Z".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Long.MIN_VALUE, Times.parseEpochNanos(bad, 0, bad.length));
        byte[] noZone = "2024-05-01T10:00:00".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Long.MIN_VALUE, Times.parseEpochNanos(noZone, 0, noZone.length));
    }

    @Test
    void sinceUntilTakesUnixSecondsDatesAndDurations() {
        assertEquals(1_700_000_000_500_000_000L, Times.parseSinceUntil("1700000000.5", NOW));
        assertEquals(1_700_000_000_000_000_000L, Times.parseSinceUntil(" 1700000000 ", NOW));
        assertEquals(Times.epochNanos(NOW) - 600_000_000_000L, Times.parseSinceUntil("10m", NOW));
        assertEquals(Times.epochNanos(Instant.parse("2024-04-30T08:00:00Z")),
                Times.parseSinceUntil("2024-04-30T10:00:00+02:00", NOW));
        assertEquals(Times.epochNanos(Instant.parse("2024-04-30T00:00:00Z")), Times.parseSinceUntil("2024-04-30", NOW));
    }

    @Test
    void timestampsAsDockerReadsThem() {
        Instant now = Instant.parse("2024-01-02T00:00:00Z");
        assertEquals(Instant.parse("2024-01-01T23:00:00Z"), Times.parseTimestamp("1h", now));
        assertEquals(Instant.ofEpochSecond(1700000000), Times.parseTimestamp("1700000000", now));
        assertEquals(Instant.parse("2023-05-01T00:00:00Z"), Times.parseTimestamp("2023-05-01", now));
        assertEquals("failed to parse value as time or duration: \"yesterday\"",
                assertThrows(EngineException.class, () -> Times.parseTimestamp("yesterday", now)).getMessage());
    }

    @Test
    void sinceUntilRejectsBlankAndGarbage() {
        assertEquals("invalid value for time: yesterday",
                assertThrows(EngineException.class, () -> Times.parseSinceUntil("yesterday", NOW)).getMessage());
        assertEquals("invalid value for time: ",
                assertThrows(EngineException.class, () -> Times.parseSinceUntil("", NOW)).getMessage());
        assertThrows(EngineException.class, () -> Times.parseSinceUntil(null, NOW));
        assertThrows(EngineException.class, () -> Times.parseSinceUntil("  ", NOW));
    }

    @Test
    void anAbsentOptionalBoundIsZero() {
        assertEquals(0, Times.parseOptionalSinceUntil(null, NOW));
        assertEquals(0, Times.parseOptionalSinceUntil("", NOW));
        assertEquals(1_700_000_000_000_000_000L, Times.parseOptionalSinceUntil("1700000000", NOW));
        assertThrows(EngineException.class, () -> Times.parseOptionalSinceUntil("  ", NOW));
    }
}
