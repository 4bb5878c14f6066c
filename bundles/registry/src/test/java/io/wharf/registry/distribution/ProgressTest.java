package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.progress.ProgressMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void humanSizesAreGoUnits() {
        assertEquals("0B", Progress.humanSize(0));
        assertEquals("999B", Progress.humanSize(999));
        assertEquals("1.05MB", Progress.humanSize(1_048_576));
        assertEquals("2.81MB", Progress.humanSize(2_811_234));
        assertEquals("1GB", Progress.humanSize(1_000_000_000));
    }

    @Test
    void barLooksLikeDockers() {
        String bar = Progress.bar(524_288, 2_097_152);
        assertTrue(bar.startsWith("[============>"), bar);
        assertTrue(bar.endsWith("] 524.3kB/2.097MB") || bar.endsWith("524kB/2.1MB"), bar);
        assertEquals(52, bar.indexOf(']') + 1);
    }

    @Test
    void metersThrottleButAlwaysReportTheEnd() {
        List<ProgressMessage> seen = new ArrayList<>();
        Progress p = new Progress(seen::add);
        Progress.Meter m = p.meter("abc", "Downloading", 3_000_000);
        for (long v = 0; v <= 3_000_000; v += 10_000) {
            m.set(v);
        }
        assertTrue(seen.size() <= 8, "throttled to one per 512KiB: " + seen.size());
        ProgressMessage last = seen.get(seen.size() - 1);
        assertEquals(3_000_000, last.progressDetail().current());
        assertEquals(3_000_000, last.progressDetail().total());
        assertEquals("abc", last.id());
    }

    @Test
    void jsonShapeIsDockers() throws Exception {
        List<ProgressMessage> seen = new ArrayList<>();
        Progress p = new Progress(seen::add);
        p.status("0123456789ab", "Pull complete");
        p.bytes("0123456789ab", "Downloading", 10, 20);
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"status\":\"Pull complete\",\"id\":\"0123456789ab\"}", json.writeValueAsString(seen.get(0)));
        String line = json.writeValueAsString(seen.get(1));
        assertTrue(line.startsWith("{\"status\":\"Downloading\",\"id\":\"0123456789ab\","
                + "\"progressDetail\":{\"current\":10,\"total\":20},\"progress\":\"["), line);
    }
}
