package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogDriverOptionsTest {

    private static String error(String driver, Map<String, String> opts) {
        return assertThrows(IllegalArgumentException.class, () -> LogDriverOptions.parse(driver, opts)).getMessage();
    }

    @Test
    void jsonFileRotationOptions() {
        LogDriverOptions o = LogDriverOptions.parse("", Map.of("max-size", "10m", "max-file", "3", "compress", "true"));
        assertEquals(new LogDriverOptions("json-file", 10L << 20, 3, true), o);
        assertTrue(o.rotates());
        assertFalse(LogDriverOptions.parse(null, Map.of()).rotates());
        assertEquals(1536, LogDriverOptions.parse("json-file", Map.of("max-size", "1.5k")).maxSize());
        assertEquals(7, LogDriverOptions.parse("json-file", Map.of("max-size", "7")).maxSize());
    }

    @Test
    void refusesWithDockersMessages() {
        assertEquals("unknown log opt 'foo' for json-file log driver", error("json-file", Map.of("foo", "1")));
        assertEquals("unknown log opt 'tag' for log driver local", error("local", Map.of("tag", "x")));
        assertEquals("logger: no log driver named 'gelf2' is registered", error("gelf2", Map.of()));
        assertEquals("invalid size: '10q'", error("json-file", Map.of("max-size", "10q")));
        assertEquals("max-size must be a positive number", error("json-file", Map.of("max-size", "0")));
        assertEquals("max-file cannot be less than 1", error("json-file", Map.of("max-file", "0")));
        assertEquals("strconv.Atoi: parsing \"x\": invalid syntax", error("json-file", Map.of("max-file", "x")));
        assertEquals("compress cannot be true when max-file is less than 2 or max-size is not set",
                error("json-file", Map.of("max-file", "3", "compress", "true")));
        assertEquals("error parsing max-size: invalid size: 'big'", error("local", Map.of("max-size", "big")));
        assertEquals("compression cannot be enabled when max file count is 1", error("local", Map.of("max-file", "1")));
        assertEquals("logger: logger log mode not recognized: fast", error("json-file", Map.of("mode", "fast")));
        assertEquals("logger: max-buffer-size option is only supported with 'mode=non-blocking'",
                error("json-file", Map.of("max-buffer-size", "1m")));
    }

    @Test
    void localHasItsOwnDefaults() {
        assertEquals(new LogDriverOptions("local", 20L << 20, 5, true), LogDriverOptions.parse("local", Map.of()));
        assertEquals(new LogDriverOptions("local", 1L << 20, 2, false),
                LogDriverOptions.parse("local", Map.of("max-size", "1m", "max-file", "2", "compress", "false")));
        assertFalse(LogDriverOptions.parse("none", Map.of("anything", "goes")).rotates());
    }

    @Test
    void daemonDefaultsFillInForItsOwnType() {
        Map<String, String> daemon = Map.of("max-size", "1m", "max-file", "2");
        assertEquals(Map.entry("json-file", Map.of("max-size", "1m", "max-file", "5")),
                LogDriverOptions.merge("", Map.of("max-file", "5"), "json-file", daemon));
        assertEquals(Map.entry("local", Map.of()), LogDriverOptions.merge("local", Map.of(), "json-file", daemon));
    }
}
