package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.runtime.MountSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciMountsTest {
    private final OciMounts mounts = new OciMounts(JSON);

    private static List<String> destinations(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(m -> out.add(m.path("destination").asText()));
        return out;
    }

    @Test
    void aUserMountReplacesTheDefaultAtTheSameCleanedDestination() {
        JsonNode result = mounts.mounts(List.of(new MountSpec("/x/../proc/", "bind", "/p", List.of("rbind"))), false);
        List<String> destinations = destinations(result);
        assertEquals(7, destinations.size());
        assertFalse(destinations.subList(0, 6).contains("/proc"));
        assertEquals("/x/../proc/", destinations.get(6)); // written as given: only the comparison is cleaned
    }

    @Test
    void userMountsOfEqualDepthKeepTheirOrder() {
        JsonNode result = mounts.mounts(List.of(new MountSpec("/b/c", null, null, null),
                new MountSpec("/z", null, null, null), new MountSpec("/a", null, null, null)), false);
        List<String> destinations = destinations(result);
        assertEquals(List.of("/z", "/a", "/b/c"), destinations.subList(7, 10));
        JsonNode bare = result.get(7);
        assertFalse(bare.has("type"));
        assertFalse(bare.has("source"));
        assertEquals(0, bare.path("options").size());
    }

    @Test
    void privilegedContainersGetWritableSysAndCgroupfs() {
        for (MountSpec m : OciMounts.defaultMounts(true)) {
            assertFalse(m.options().contains("ro"), m.destination());
        }
        long readOnly = OciMounts.defaultMounts(false).stream().filter(m -> m.options().contains("ro")).count();
        assertEquals(2, readOnly);
    }
}
