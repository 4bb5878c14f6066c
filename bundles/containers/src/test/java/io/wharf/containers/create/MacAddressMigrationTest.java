package io.wharf.containers.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.EndpointRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacAddressMigrationTest {
    private static final String MAC = "02:42:ac:11:00:99";

    private static ContainerConfigJson config(String mac) {
        ContainerConfigJson c = new ContainerConfigJson();
        c.macAddress = mac;
        return c;
    }

    private static Map<String, EndpointRecord> endpoints(String... macs) {
        Map<String, EndpointRecord> result = new LinkedHashMap<>();
        for (int i = 0; i < macs.length; i++) {
            EndpointRecord e = new EndpointRecord();
            e.macAddress = macs[i];
            result.put(i == 0 ? "bridge" : "extra" + i, e);
        }
        return result;
    }

    @Test
    void beforeApi144TheContainerWideAddressGoesToTheMainEndpoint() {
        Map<String, EndpointRecord> eps = endpoints("");
        assertNull(MacAddressMigration.apply(config(MAC), NetworkMode.parse("bridge"), eps, "1.41"));
        assertEquals(MAC, eps.get("bridge").macAddress);
        // an endpoint's own address did not exist then and is ignored
        Map<String, EndpointRecord> ignored = endpoints("02:42:ac:11:00:01");
        MacAddressMigration.apply(config(null), NetworkMode.parse("bridge"), ignored, "1.43");
        assertEquals("", ignored.get("bridge").macAddress);
        EngineException none = assertThrows(EngineException.class,
                () -> MacAddressMigration.apply(config(MAC), NetworkMode.parse("none"), endpoints(""), "1.41"));
        assertEquals("conflicting options: mac-address and the network mode", none.getMessage());
    }

    @Test
    void fromApi144TheEndpointsAddressCountsAndAContainerWideOneIsMovedWithAWarning() {
        Map<String, EndpointRecord> own = endpoints(MAC);
        assertNull(MacAddressMigration.apply(config(null), NetworkMode.parse("bridge"), own, "1.44"));
        assertEquals(MAC, own.get("bridge").macAddress);
        ContainerConfigJson wide = config(MAC);
        Map<String, EndpointRecord> moved = endpoints("");
        assertEquals(MacAddressMigration.DEPRECATED,
                MacAddressMigration.apply(wide, NetworkMode.parse("bridge"), moved, null));
        assertEquals(MAC, moved.get("bridge").macAddress);
        assertNull(wide.macAddress);
        assertThrows(EngineException.class, () -> MacAddressMigration.apply(config(MAC), NetworkMode.parse("bridge"),
                endpoints("02:42:ac:11:00:01"), "1.50"));
    }
}
