package io.wharf.networks.core;

import static io.wharf.networks.core.Harness.network;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkLocalIpsTest {
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    @TempDir
    Path tmp;

    @Test
    void linkLocalAddressesReachTheDriverAndAreKeptForRestores() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(network("app"));
        EndpointSettings s = m.connect(new ConnectRequest("app", C1, "web", "/proc/self/ns/net", null, null,
                List.of(), List.of(), List.of(), List.of("169.254.8.8")));
        assertEquals(List.of("169.254.8.8"), h.bridge.endpoints.get(s.endpointId()).linkLocalIps());
        assertEquals(List.of("169.254.8.8"), m.details("app").endpoints().get(0).linkLocalIps());
        String stored = Files.readString(tmp.resolve("network/endpoints/" + s.endpointId() + ".json"));
        assertEquals(true, stored.replaceAll("\\s", "").contains("\"linkLocalIps\":[\"169.254.8.8\"]"), stored);

        Harness again = new Harness(tmp);
        again.startAll();
        assertEquals(List.of("169.254.8.8"), again.bridge.restoredEndpoints.get(0).linkLocalIps());
    }
}
