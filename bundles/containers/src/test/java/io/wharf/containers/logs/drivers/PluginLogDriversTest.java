package io.wharf.containers.logs.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.log.LogDriver;
import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntrySink;
import io.wharf.api.log.LogInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginLogDriversTest {
    private static final LogInfo INFO = new LogInfo("id", "/n", "sh", List.of(), "", "busybox", "", List.of(),
            Map.of(), "/log", "docker", Map.of());

    private final List<String> written = new ArrayList<>();
    private int opened;

    private final LogDriver acme = new LogDriver() {
        @Override
        public String name() {
            return "acme";
        }

        @Override
        public LogEntrySink open(LogInfo info) {
            opened++;
            return new LogEntrySink() {
                @Override
                public void write(LogEntry e) {
                    written.add(e.source() + " " + e.timeNanos() + " " + new String(e.line(), StandardCharsets.UTF_8)
                            + (e.partial() ? " partial" : ""));
                }

                @Override
                public void close() {
                    written.add("closed");
                }
            };
        }
    };

    private PluginLogDrivers drivers() {
        PluginLogDrivers drivers = new PluginLogDrivers();
        drivers.addResolver(name -> name.equals("acme") ? acme : null);
        return drivers;
    }

    @Test
    void messagesBecomeEntriesOfTheResolvedDriver() throws IOException {
        LogSink sink = drivers().open("acme", INFO);
        sink.send(new LogMessage(false, "out".getBytes(StandardCharsets.UTF_8), 7, false), () -> false);
        sink.send(new LogMessage(true, "err".getBytes(StandardCharsets.UTF_8), 8, true), () -> false);
        sink.close();
        assertEquals(List.of("stdout 7 out", "stderr 8 err partial", "closed"), written);
    }

    @Test
    void aNameNoResolverHasIsDockersLookupError() {
        PluginLogDrivers drivers = drivers();
        assertTrue(drivers.exists("acme"));
        assertFalse(drivers.exists("other"));
        assertEquals("error looking up logging plugin other: plugin \"other\" not found",
                assertThrows(IOException.class, () -> drivers.open("other", INFO)).getMessage());
    }

    @Test
    void aLazySinkOpensAtItsFirstEntryAndAnUnusedOneNever() throws IOException {
        PluginLogDrivers drivers = drivers();
        drivers.lazy("acme", INFO).close();
        assertEquals(0, opened);
        LogSink sink = drivers.lazy("acme", INFO);
        sink.send(new LogMessage(false, "x".getBytes(StandardCharsets.UTF_8), 1, false), () -> false);
        sink.close();
        assertEquals(1, opened);
        assertEquals(List.of("stdout 1 x", "closed"), written);
    }
}
