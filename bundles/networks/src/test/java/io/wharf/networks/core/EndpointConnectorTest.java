package io.wharf.networks.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.networks.net.Ipv4;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointConnectorTest {
    private static final NetworkRecord.Ipam USER_SUBNET = new NetworkRecord.Ipam("10.5.0.0/24", null, "10.5.0.1",
            true, null);

    @Test
    void theFirstFreeInterfaceNameIsTaken() {
        assertEquals("eth0", EndpointConnector.nextInterface(List.of()));
        assertEquals("eth1", EndpointConnector.nextInterface(List.of(endpoint("eth0"), endpoint(null))));
        assertEquals("eth1", EndpointConnector.nextInterface(List.of(endpoint("eth0"), endpoint("eth2"))));
    }

    @Test
    void aStaticAddressNeedsAUserConfiguredSubnet() {
        assertNull(EndpointConnector.staticAddress(network(USER_SUBNET, false), " "));
        assertEquals(Ipv4.parse("10.5.0.9"), EndpointConnector.staticAddress(network(USER_SUBNET, false),
                " 10.5.0.9 "));
        assertInvalid(network(USER_SUBNET, false), "10.5.0.300");
        assertInvalid(network(USER_SUBNET, true), "10.5.0.9");
        assertInvalid(network(new NetworkRecord.Ipam("10.5.0.0/24", null, "10.5.0.1", false, null), false), "10.5.0.9");
        assertInvalid(network(null, false), "10.5.0.9");
    }

    @Test
    void whatTheDriverChoseWinsOverThePlan() {
        EndpointRecord planned = endpoint("eth0");
        assertSame(planned, EndpointConnector.withDriverInfo(planned, null));
        EndpointSpec.PortBinding port = new EndpointSpec.PortBinding("tcp", 80, "0.0.0.0", 32768);
        EndpointRecord chosen = EndpointConnector.withDriverInfo(planned,
                new EndpointInfo("veth1", null, 0, null, "02:42:0a:05:00:07", List.of(port)));
        assertEquals("veth1", chosen.interfaceName());
        assertEquals("02:42:0a:05:00:07", chosen.macAddress());
        assertEquals(List.of(port), chosen.ports());
        EndpointRecord kept = EndpointConnector.withDriverInfo(planned, new EndpointInfo(null, null, 0, null, "",
                List.of()));
        assertEquals(planned, kept);
    }

    private static void assertInvalid(NetworkRecord network, String address) {
        EngineException e = assertThrows(EngineException.class,
                () -> EndpointConnector.staticAddress(network, address));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    private static NetworkRecord network(NetworkRecord.Ipam ipam, boolean predefined) {
        return new NetworkRecord("n1", "app", "bridge", null, false, false, null, ipam, null, null, predefined);
    }

    private static EndpointRecord endpoint(String iface) {
        return new EndpointRecord("e1", "n1", "c1", "web", "/proc/1/ns/net", null, iface, "10.5.0.2", 24,
                "10.5.0.1", true, "02:42:0a:05:00:02", List.of(), List.of(), List.of(), null, null);
    }
}
