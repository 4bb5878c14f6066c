package io.wharf.containers.logs.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogFormatTest {
    /** 2023-11-14T22:13:20.123456789Z. */
    private static final long T = 1_700_000_000_123_456_789L;
    private static final int DAEMON = 3;
    private static final int LOCAL7 = 23;

    private static String format(String format, int facility, ZoneId zone, boolean stderr, String line) {
        return new String(new SyslogFormat(format, facility, "host1", "web", 42, zone)
                .format(new LogMessage(stderr, line.getBytes(StandardCharsets.UTF_8), T, false)),
                StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultIsTheLocalShortFormWithoutHostname() {
        assertEquals("<30>Nov 14 22:13:20 web[42]: hello\n", format("", DAEMON, ZoneOffset.UTC, false, "hello"));
        assertEquals("<27>Nov 14 22:13:20 web[42]: oops\n", format("", DAEMON, ZoneOffset.UTC, true, "oops"));
    }

    @Test
    void rfc3164AddsTheHostnameAndPadsTheDay() {
        long early = T - 10L * 86_400 * 1_000_000_000L; // Nov 4: a space-padded day, as Go's time.Stamp
        assertEquals("<190>Nov  4 22:13:20 host1 web[42]: hi\n",
                new String(new SyslogFormat("rfc3164", LOCAL7, "host1", "web", 42, ZoneOffset.UTC)
                        .format(new LogMessage(false, "hi".getBytes(StandardCharsets.UTF_8), early, false)),
                        StandardCharsets.UTF_8));
    }

    @Test
    void rfc5424PutsTheTagInAppNameAndMsgId() {
        assertEquals("<30>1 2023-11-14T22:13:20Z host1 web 42 web - hello\n",
                format("rfc5424", DAEMON, ZoneOffset.UTC, false, "hello"));
        assertEquals("<30>1 2023-11-14T23:13:20+01:00 host1 web 42 web - hello\n",
                format("rfc5424", DAEMON, ZoneOffset.ofHours(1), false, "hello"));
    }

    @Test
    void rfc5424microHasMicrosecondsWithTrailingZerosTrimmed() {
        assertEquals("<27>1 2023-11-14T22:13:20.123456Z host1 web 42 web - x\n",
                format("rfc5424micro", DAEMON, ZoneOffset.UTC, true, "x"));
        assertEquals("2023-11-14T16:43:20.1-05:30", GoTimes.format(1_700_000_000_100_000_000L,
                ZoneOffset.ofHoursMinutes(-5, -30), 6));
    }

    @Test
    void aLineKeepsItsBytesAndGetsOneNewline() {
        assertEquals("<30>Nov 14 22:13:20 web[42]: caf\u00e9 \t tab\n",
                format("", DAEMON, ZoneOffset.UTC, false, "caf\u00e9 \t tab"));
        assertEquals("<30>Nov 14 22:13:20 web[42]: \n", format("", DAEMON, ZoneOffset.UTC, false, ""));
    }
}
