package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static io.wharf.runtime.linux.TestHosts.amd64Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.runtime.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciResourcesTest {
    private static final Resources LIMITED = new Resources(1L << 20, null, null, 1_500_000_000L, 512L, 20_000L,
            50_000L, "0-1", null, -1L, 300);

    private static HostInfo hostWith(boolean swap, boolean blkio) {
        HostInfo h = amd64Host();
        return new HostInfo(h.capabilities(), Map.of(), h.kernel(), h.goArch(), swap, blkio);
    }

    @Test
    void nanoCpusWinOverQuotaAndPeriodAndSwapDefaultsToTwiceTheMemory() {
        JsonNode r = new OciResources(JSON, hostWith(true, true)).resources(LIMITED);
        assertEquals(150_000L, r.path("cpu").path("quota").asLong());
        assertEquals(OciResources.NANO_CPUS_PERIOD, r.path("cpu").path("period").asLong());
        assertEquals(512, r.path("cpu").path("shares").asLong());
        assertEquals("0-1", r.path("cpu").path("cpus").asText());
        assertEquals(2L << 20, r.path("memory").path("swap").asLong());
        assertEquals(-1, r.path("pids").path("limit").asLong());
        assertEquals(300, r.path("blockIO").path("weight").asInt());
    }

    @Test
    void whatTheHostCannotLimitIsLeftOut() {
        JsonNode r = new OciResources(JSON, hostWith(false, false)).resources(LIMITED);
        assertFalse(r.path("memory").has("swap"));
        assertFalse(r.has("blockIO"));
    }

    @Test
    void nothingAskedForGivesAnEmptyObject() {
        assertEquals(0, new OciResources(JSON, hostWith(true, true)).resources(Resources.none()).size());
    }
}
