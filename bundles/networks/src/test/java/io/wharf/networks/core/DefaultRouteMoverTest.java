package io.wharf.networks.core;

import static io.wharf.networks.core.Harness.connect;
import static io.wharf.networks.core.Harness.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.network.EndpointSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultRouteMoverTest {
    private static final String C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    @TempDir
    Path tmp;

    private static CreateNetwork internal(String name) {
        return new CreateNetwork(name, "", true, false, null, null, null, null);
    }

    @Test
    void disconnectingTheEndpointWithTheDefaultRouteMovesItToTheNextThatCanCarryIt() throws Exception {
        Harness h = new Harness(tmp);
        NetworkManager m = h.startAll();
        m.create(network("front"));
        m.create(internal("sealed"));
        m.create(network("back"));
        EndpointSettings front = m.connect(connect("front", C1, "web"));
        EndpointSettings sealed = m.connect(connect("sealed", C1, "web"));
        EndpointSettings back = m.connect(connect("back", C1, "web"));
        assertNotNull(h.bridge.endpoints.get(front.endpointId()).gateway());
        assertNull(h.bridge.endpoints.get(back.endpointId()).gateway(), "only one endpoint routes by default");

        m.disconnect("front", C1);
        String backGateway = m.get("back").ipam().get(0).gateway();
        assertEquals("route " + back.endpointId() + " via " + backGateway,
                h.bridge.calls.get(h.bridge.calls.size() - 1), "not through the internal network: " + h.bridge.calls);
        assertTrue(Files.readString(tmp.resolve("network/endpoints/" + back.endpointId() + ".json"))
                .replace(" ", "").contains("\"defaultRoute\":true"), "kept for restores");

        h.bridge.calls.clear();
        m.disconnect("sealed", C1);
        assertEquals(List.of("leave " + sealed.endpointId()), h.bridge.calls, "the route did not move");
        m.disconnect("back", C1);
        assertEquals(List.of("leave " + sealed.endpointId(), "leave " + back.endpointId()), h.bridge.calls,
                "nothing left to carry it");
    }
}
