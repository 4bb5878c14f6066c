package io.wharf.networks.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.EndpointSpec.PortBinding;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
    private final Set<Integer> heldByOthers = new HashSet<>();
    private final PortAllocator ports = new PortAllocator((protocol, ip, port) -> !heldByOthers.contains(port),
            new PortRange(40000, 40009));

    private static PortRequest tcp(String hostIp, int start, int end) {
        return new PortRequest("tcp", 80, hostIp, start, end);
    }

    @Test
    void anyPortComesFromTheEphemeralRangeRoundRobin() {
        PortBinding first = ports.allocate("web", "ep1", List.of(tcp("", 0, 0))).get(0);
        assertEquals(40000, first.hostPort());
        assertEquals("tcp", first.protocol());
        assertEquals(80, first.containerPort());
        ports.release(List.of(first));
        // a freed port is not handed out again at once
        assertEquals(40001, ports.allocate("web", "ep2", List.of(tcp("", 0, 0))).get(0).hostPort());
    }

    @Test
    void rangesTakeTheirFirstFreePort() {
        heldByOthers.add(8000);
        assertEquals(8001, ports.allocate("a", "e1", List.of(tcp("", 8000, 8005))).get(0).hostPort());
        assertEquals(8002, ports.allocate("b", "e2", List.of(tcp("", 8000, 8005))).get(0).hostPort());
    }

    @Test
    void conflictsAreReportedLikeDockerd() {
        ports.allocate("a", "e1", List.of(tcp("0.0.0.0", 8080, 8080)));
        EngineException e = assertThrows(EngineException.class,
                () -> ports.allocate("b", "e2", List.of(tcp("", 8080, 8080))));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("driver failed programming external connectivity on endpoint b (e2): "
                + "Bind for 0.0.0.0:8080 failed: port is already allocated", e.getMessage());
    }

    @Test
    void wildcardConflictsWithEveryAddressButProtocolsAndAddressesAreSeparate() {
        ports.allocate("a", "e1", List.of(tcp("127.0.0.1", 9000, 9000)));
        ports.allocate("b", "e2", List.of(tcp("127.0.0.2", 9000, 9000)));
        ports.allocate("c", "e3", List.of(new PortRequest("udp", 53, "", 9000, 9000)));
        assertThrows(EngineException.class, () -> ports.allocate("d", "e4", List.of(tcp("", 9000, 9000))));
        ports.allocate("e", "e5", List.of(tcp("", 9001, 9001)));
        assertThrows(EngineException.class, () -> ports.allocate("f", "e6", List.of(tcp("127.0.0.1", 9001, 9001))));
    }

    @Test
    void allOrNothing() {
        ports.allocate("a", "e1", List.of(tcp("", 7001, 7001)));
        assertThrows(EngineException.class,
                () -> ports.allocate("b", "e2", List.of(tcp("", 7000, 7000), tcp("", 7001, 7001))));
        assertFalse(ports.isAllocated("tcp", "", 7000));
        // two requests for the same host port in one go conflict with each other
        assertThrows(EngineException.class,
                () -> ports.allocate("c", "e3", List.of(tcp("", 7002, 7002), tcp("", 7002, 7002))));
        assertFalse(ports.isAllocated("tcp", "", 7002));
    }

    @Test
    void exhaustedEphemeralRange() {
        for (int i = 0; i < 10; i++) {
            ports.allocate("a", "e" + i, List.of(tcp("", 0, 0)));
        }
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class,
                () -> ports.allocate("b", "x", List.of(tcp("", 0, 0)))).kind());
    }

    @Test
    void restoreAndRelease() {
        PortBinding b = new PortBinding("tcp", 80, "", 8088);
        ports.restore(List.of(b));
        assertTrue(ports.isAllocated("tcp", "0.0.0.0", 8088));
        ports.release(List.of(b));
        assertFalse(ports.isAllocated("tcp", "0.0.0.0", 8088));
    }

    @Test
    void validatesProtocolsPortsAndAddresses() {
        assertEquals("invalid proto: icmp", assertThrows(EngineException.class,
                () -> ports.allocate("a", "e", List.of(new PortRequest("icmp", 80, "", 0, 0)))).getMessage());
        assertThrows(EngineException.class, () -> ports.allocate("a", "e", List.of(new PortRequest("tcp", 0, "", 0, 0))));
        assertThrows(EngineException.class, () -> ports.allocate("a", "e", List.of(tcp("", 90, 80))));
        assertThrows(EngineException.class, () -> ports.allocate("a", "e", List.of(tcp("", 0, 80))));
        assertThrows(EngineException.class, () -> ports.allocate("a", "e", List.of(tcp("example.com", 80, 80))));
        ports.allocate("a", "e", List.of(new PortRequest("SCTP", 80, "", 6000, 6000),
                new PortRequest("udp", 80, "::1", 6000, 6000)));
    }

    @Test
    void aPortHeldByAnotherProgramIsSkippedOrRefused() throws Exception {
        PortAllocator real = new PortAllocator(new SocketPortProbe(), PortRange.ephemeral());
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int held = other.getLocalPort();
            EngineException e = assertThrows(EngineException.class,
                    () -> real.allocate("web", "ep", List.of(tcp("", held, held))));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertThrows(EngineException.class, () -> real.allocate("web", "ep", List.of(tcp("127.0.0.1", held,
                    held))));
            PortBinding next = real.allocate("web", "ep", List.of(tcp("127.0.0.1", held, Math.min(held + 20, 65535)))).get(0);
            assertNotEquals(held, next.hostPort());
            // UDP on the same number is another port
            real.allocate("web", "ep", List.of(new PortRequest("udp", 53, "127.0.0.1", held, held)));
        }
    }
}
