package io.wharf.networks.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.networks.net.Cidr;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTableTest {
    @Test
    void subnetsOfTheOtherNetworksAreReported() {
        NetworkTable table = new NetworkTable();
        table.add(new NetworkState(network("a", "10.1.0.0/24")));
        table.add(new NetworkState(network("b", "10.2.0.0/24")));
        table.add(new NetworkState(network("host", null)));
        assertEquals(List.of(Cidr.parse("10.2.0.0/24")), table.subnetsExcept("a"));
        assertEquals(2, table.subnetsExcept(null).size());
    }

    @Test
    void aContainersEndpointsAreFoundOnEveryNetwork() {
        NetworkTable table = new NetworkTable();
        NetworkState a = new NetworkState(network("a", "10.1.0.0/24"));
        NetworkState b = new NetworkState(network("b", "10.2.0.0/24"));
        table.add(a);
        table.add(b);
        a.endpoints.put("e1", endpoint("e1", "a", "c1"));
        b.endpoints.put("e2", endpoint("e2", "b", "c1"));
        b.endpoints.put("e3", endpoint("e3", "b", "c2"));
        assertEquals(List.of("e1", "e2"), table.endpointsOf("c1").stream().map(EndpointRecord::id).toList());
    }

    private static NetworkRecord network(String id, String subnet) {
        NetworkRecord.Ipam ipam = subnet == null ? null : new NetworkRecord.Ipam(subnet, null,
                subnet.replace(".0/24", ".1"), true, null);
        return new NetworkRecord(id, id, "bridge", null, false, false, null, ipam, null, null, false);
    }

    private static EndpointRecord endpoint(String id, String network, String container) {
        return new EndpointRecord(id, network, container, container, "/proc/1/ns/net", null, "eth0", null, 0, null,
                false, null, List.of(), List.of(), List.of(), null, null);
    }
}
