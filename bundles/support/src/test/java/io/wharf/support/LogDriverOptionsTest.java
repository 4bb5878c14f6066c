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

    @Test
    void journaldAndSyslogKeepTheirFileAsDockersLocalCache() {
        assertEquals(new LogDriverOptions("journald", 20L << 20, 5, true), LogDriverOptions.parse("journald",
                Map.of("tag", "{{.Name}}/{{.ID}}", "labels", "a", "env", "B", "env-regex", "^X")));
        assertEquals(new LogDriverOptions("syslog", 1L << 20, 3, false), LogDriverOptions.parse("syslog",
                Map.of("cache-max-size", "1m", "cache-max-file", "3", "cache-compress", "false",
                        "syslog-address", "udp://127.0.0.1:5514", "syslog-format", "rfc5424micro")));
        assertEquals(new LogDriverOptions("syslog", 1L << 20, 2, false),
                LogDriverOptions.parse("syslog", Map.of("cache-disabled", "true")), "no cache: two small files");
        assertTrue(LogDriverOptions.readable("journald", Map.of("cache-disabled", "true")));
        assertTrue(LogDriverOptions.readable("syslog", Map.of()));
        assertFalse(LogDriverOptions.readable("syslog", Map.of("cache-disabled", "1")));
        assertFalse(LogDriverOptions.readable("none", Map.of()));
        assertEquals(new LogDriverOptions("json-file", -1, 1, false),
                LogDriverOptions.parse("json-file", Map.of("cache-disabled", "false")),
                "cache keys are builtins that every driver accepts");
    }

    @Test
    void pluginDriversPassTheirOptionsThroughAndKeepTheCache() {
        java.util.function.Predicate<String> plugins = "acme"::equals;
        LogDriverOptions o = LogDriverOptions.parse("acme", Map.of("acme-level", "loud", "cache-max-size", "1m",
                "cache-max-file", "2"), plugins);
        assertEquals(new LogDriverOptions("acme", 1L << 20, 2, true), o);
        assertEquals(new LogDriverOptions("acme", 1L << 20, 2, false),
                LogDriverOptions.parse("acme", Map.of("cache-disabled", "true"), plugins));
        assertEquals("logger: no log driver named 'other' is registered", assertThrows(IllegalArgumentException.class,
                () -> LogDriverOptions.parse("other", Map.of(), plugins)).getMessage());
        assertEquals("logger: logger log mode not recognized: fast", assertThrows(IllegalArgumentException.class,
                () -> LogDriverOptions.parse("acme", Map.of("mode", "fast"), plugins)).getMessage());
        assertTrue(LogDriverOptions.forwards("acme"));
        assertFalse(LogDriverOptions.forwards("json-file"));
        assertFalse(LogDriverOptions.forwards(""));
        assertTrue(LogDriverOptions.readable("acme", Map.of()));
        assertFalse(LogDriverOptions.readable("acme", Map.of("cache-disabled", "true")));
        assertTrue(LogDriverOptions.readable("journald", Map.of("cache-disabled", "true")));
    }

    @Test
    void journaldAndSyslogRefuseWithDockersMessages() {
        assertEquals("unknown log opt 'max-size' for journald log driver", error("journald", Map.of("max-size", "1m")));
        assertEquals("unknown log opt 'syslog-address' for journald log driver",
                error("journald", Map.of("syslog-address", "udp://127.0.0.1")));
        assertEquals("unknown log opt 'max-file' for syslog log driver", error("syslog", Map.of("max-file", "2")));
        assertEquals("syslog-address should be in form proto://address, got 127.0.0.1:514",
                error("syslog", Map.of("syslog-address", "127.0.0.1:514")));
        assertEquals("stat /nonexistent/log: no such file or directory",
                error("syslog", Map.of("syslog-address", "unix:///nonexistent/log")));
        assertEquals("invalid syslog facility", error("syslog", Map.of("syslog-facility", "local8")));
        assertEquals("invalid syslog facility", error("syslog", Map.of("syslog-facility", "24")));
        assertEquals("Invalid syslog format", error("syslog", Map.of("syslog-format", "rfc9999")));
        assertEquals("invalid value for option cache-disabled: maybe",
                error("syslog", Map.of("cache-disabled", "maybe")));
        assertTrue(error("syslog", Map.of("syslog-address", "tcp+tls://127.0.0.1:6514")).contains("not supported"));
        assertTrue(error("syslog", Map.of("syslog-tls-skip-verify", "true")).contains("not supported"));
        assertTrue(error("journald", Map.of("tag", "{{.Nope}}")).contains("<.Nope>"));
    }

    @Test
    void syslogAddressesAndFacilities() {
        assertEquals(new SyslogOptions("udp", "127.0.0.1:514", 3, ""), SyslogOptions.parse(
                Map.of("syslog-address", "udp://127.0.0.1")));
        assertEquals(new SyslogOptions("tcp", "localhost:6000", 23, "rfc3164"), SyslogOptions.parse(
                Map.of("syslog-address", "tcp://localhost:6000", "syslog-facility", "local7",
                        "syslog-format", "rfc3164")));
        assertEquals(new SyslogOptions("unixgram", "/tmp", 0, ""), SyslogOptions.parse(
                Map.of("syslog-address", "unixgram:///tmp", "syslog-facility", "kern")));
        assertEquals(10, SyslogOptions.parseFacility("authpriv"));
        assertEquals(12, SyslogOptions.parseFacility("12"));
    }

    @Test
    void tagTemplatesRenderContainerFields() {
        Map<String, String> fields = Map.of("ID", "0123456789ab", "Name", "web", "ImageName", "busybox:latest",
                "DaemonName", "docker");
        assertEquals("0123456789ab", LogTagTemplate.parse("").render(fields));
        assertEquals("docker/web/busybox:latest/0123456789ab",
                LogTagTemplate.parse("{{.DaemonName}}/{{ .Name }}/{{.ImageName}}/{{.ID}}").render(fields));
        assertEquals("plain", LogTagTemplate.parse("plain").render(fields));
        assertThrows(IllegalArgumentException.class, () -> LogTagTemplate.parse("{{.ID"));
        assertThrows(IllegalArgumentException.class, () -> LogTagTemplate.parse("{{upper .ID}}"));
    }
}
