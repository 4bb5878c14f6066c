package io.wharf.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.network.EndpointSpec.PortBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real sockets on ::1: an echo-upper-case server stands in for the container. */
class LoopbackProxiesTest {

    @Test
    void whichBindingsAreProxied() {
        Endpoint dual = Endpoint.of(TestData.dualStackEndpoint(TestData.id('a'), "e1e1e1e1", "/proc/42/ns/net",
                "172.18.0.2", "fd5a:17::2", true));
        Endpoint v4 = Endpoint.of(TestData.endpoint(TestData.id('a'), "e2e2e2e2", "/proc/42/ns/net", "172.18.0.3", null));
        assertEquals(new LoopbackProxies.Forward("tcp", 8080, "fd5a:17::2", 80),
                LoopbackProxies.forward(dual, new PortBinding("tcp", 80, "", 8080)));
        assertEquals(new LoopbackProxies.Forward("tcp", 8080, "fd5a:17::2", 80),
                LoopbackProxies.forward(dual, new PortBinding("tcp", 80, "::", 8080)));
        assertNull(LoopbackProxies.forward(dual, new PortBinding("tcp", 80, "0.0.0.0", 8080)));
        assertEquals(new LoopbackProxies.Forward("udp", 8080, "fd5a:17::2", 53),
                LoopbackProxies.forward(dual, new PortBinding("udp", 53, "", 8080)));
        assertNull(LoopbackProxies.forward(dual, new PortBinding("sctp", 80, "", 8080)));
        assertNull(LoopbackProxies.forward(v4, new PortBinding("tcp", 80, "", 8080)), "IPv4-only: nft only");
        assertEquals(new LoopbackProxies.Forward("tcp", 8080, "172.18.0.3", 80),
                LoopbackProxies.forward(v4, new PortBinding("tcp", 80, "::1", 8080)));
    }

    @Test
    void forwardsBothWaysWithHalfCloseAndFollowsTheState() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
             LoopbackProxies proxies = new LoopbackProxies()) {
            Thread server = new Thread(() -> serveUpperCase(upstream));
            server.setDaemon(true);
            server.start();
            int hostPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
                hostPort = probe.getLocalPort();
            }
            Endpoint endpoint = Endpoint.of(TestData.endpoint(TestData.id('a'), "e1e1e1e1", "/proc/42/ns/net",
                    "127.0.0.1", null, new PortBinding("tcp", upstream.getLocalPort(), "::1", hostPort)));
            // the target of an IPv4-only endpoint is its IPv4 address: here the loopback stands in for it
            proxies.sync(() -> new DriverState.Snapshot(List.of(), List.of(endpoint)));
            assertEquals(1, proxies.size());
            assertEquals("HELLO", exchange(hostPort, "hello"));
            assertEquals("AGAIN", exchange(hostPort, "again"));

            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
                Endpoint clash = Endpoint.of(TestData.endpoint(TestData.id('a'), "e2e2e2e2", "/proc/42/ns/net",
                        "127.0.0.1", null, new PortBinding("tcp", 80, "::1", taken.getLocalPort())));
                IOException busy = assertThrows(IOException.class, () -> proxies.sync(
                        () -> new DriverState.Snapshot(List.of(), List.of(endpoint, clash))));
                assertTrue(busy.getMessage().contains("Bind for [::1]:" + taken.getLocalPort()), busy.getMessage());
            }

            proxies.sync(() -> new DriverState.Snapshot(List.of(), List.of()));
            assertEquals(0, proxies.size());
            assertThrows(IOException.class, () -> exchange(hostPort, "gone"));
        }
    }

    @Test
    void relaysDatagramsBothWaysPerClient() throws Exception {
        try (DatagramSocket upstream = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
             LoopbackProxies proxies = new LoopbackProxies()) {
            Thread server = new Thread(() -> answerUpperCase(upstream));
            server.setDaemon(true);
            server.start();
            int hostPort;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("::1"))) {
                hostPort = probe.getLocalPort();
            }
            Endpoint endpoint = Endpoint.of(TestData.endpoint(TestData.id('a'), "e1e1e1e1", "/proc/42/ns/net",
                    "127.0.0.1", null, new PortBinding("udp", upstream.getLocalPort(), "::1", hostPort)));
            proxies.sync(() -> new DriverState.Snapshot(List.of(), List.of(endpoint)));
            assertEquals(1, proxies.size());
            try (DatagramSocket one = new DatagramSocket(0, InetAddress.getByName("::1"));
                 DatagramSocket two = new DatagramSocket(0, InetAddress.getByName("::1"))) {
                assertEquals("HELLO", datagram(one, hostPort, "hello"));
                assertEquals("OTHER", datagram(two, hostPort, "other"), "each client gets its own answers");
                assertEquals("AGAIN", datagram(one, hostPort, "again"));
            }
            try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("::1"))) {
                Endpoint clash = Endpoint.of(TestData.endpoint(TestData.id('a'), "e2e2e2e2", "/proc/42/ns/net",
                        "127.0.0.1", null, new PortBinding("udp", 53, "::1", taken.getLocalPort())));
                IOException busy = assertThrows(IOException.class, () -> proxies.sync(
                        () -> new DriverState.Snapshot(List.of(), List.of(endpoint, clash))));
                assertTrue(busy.getMessage().contains("Bind for [::1]:" + taken.getLocalPort()), busy.getMessage());
            }
            proxies.sync(() -> new DriverState.Snapshot(List.of(), List.of()));
            assertEquals(0, proxies.size());
            try (DatagramSocket rebind = new DatagramSocket(hostPort, InetAddress.getByName("::1"))) {
                assertEquals(hostPort, rebind.getLocalPort(), "the port is free again");
            }
        }
    }

    private static String datagram(DatagramSocket client, int port, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        client.setSoTimeout(5000);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("::1"), port));
        DatagramPacket answer = new DatagramPacket(new byte[100], 100);
        client.receive(answer);
        assertEquals(port, answer.getPort(), "answered from the published port");
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
    }

    private static void answerUpperCase(DatagramSocket server) {
        DatagramPacket packet = new DatagramPacket(new byte[100], 100);
        while (!server.isClosed()) {
            try {
                packet.setLength(100);
                server.receive(packet);
                byte[] upper = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII)
                        .toUpperCase().getBytes(StandardCharsets.US_ASCII);
                server.send(new DatagramPacket(upper, upper.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String exchange(int port, String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName("::1"), port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // the server answers at end of input: the half-close must get through
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static void serveUpperCase(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                out.write(new String(in.readAllBytes(), StandardCharsets.US_ASCII).toUpperCase()
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
    }
}
