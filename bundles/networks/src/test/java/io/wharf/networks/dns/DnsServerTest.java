package io.wharf.networks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded DNS over real sockets on 127.0.0.1, with a fake upstream resolver on 127.0.0.1. */
class DnsServerTest {
    private FakeUpstream upstream;
    private DnsServer server;
    private NameTable names;
    private DnsServer.Binding binding;

    @BeforeEach
    void setUp() throws Exception {
        upstream = new FakeUpstream();
        DnsForwarder forwarder = new DnsForwarder(() -> List.of(upstream.udpAddress()), Duration.ofMillis(500));
        server = new DnsServer(forwarder, 0);
        names = new NameTable("mynet");
        names.add("ep-web", Ipv4.parse("172.18.0.2"), List.of("web", "abcdef123456", "frontend"), Map.of());
        names.add("ep-db", Ipv4.parse("172.18.0.3"), Ipv6.toBytes(Ipv6.parse("fd5a:17::3")), List.of("db"),
                Map.of());
        // the container at 127.0.0.2 (the test's client address) knows db as "database"
        names.add("ep-app", Ipv4.parse("127.0.0.2"), List.of("app"), Map.of("database", "db"));
        binding = server.serve("net1", InetAddress.getByName("127.0.0.1"), new DnsResponder(names, true));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        upstream.close();
    }

    @Test
    void answersKnownNamesWithARecords() throws Exception {
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(7, "web", DnsMessage.TYPE_A), null,
                2000);
        assertNotNull(answer);
        assertEquals(7, DnsMessage.id(answer, answer.length));
        assertEquals(DnsMessage.NOERROR, DnsMessage.rcode(answer));
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(answer));
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(DnsTestClient.udp(binding.udp(),
                DnsTestClient.query(8, "FrontEnd.", DnsMessage.TYPE_A), null, 2000)));
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(DnsTestClient.udp(binding.udp(),
                DnsTestClient.query(9, "abcdef123456", DnsMessage.TYPE_A), null, 2000)));
        assertEquals(List.of("172.18.0.3"), DnsTestClient.addresses(DnsTestClient.udp(binding.udp(),
                DnsTestClient.query(10, "db.mynet", DnsMessage.TYPE_A), null, 2000)));
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void dualStackEndpointsAnswerAaaa() throws Exception {
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(4, "db.mynet", DnsMessage.TYPE_AAAA),
                null, 2000);
        assertEquals(DnsMessage.NOERROR, DnsMessage.rcode(answer));
        assertEquals(List.of("fd5a:17::3"), DnsTestClient.addresses(answer));
        // through a link alias too, and A still answers the IPv4 address
        assertEquals(List.of("fd5a:17::3"), DnsTestClient.addresses(DnsTestClient.udp(binding.udp(),
                DnsTestClient.query(5, "database", DnsMessage.TYPE_AAAA), "127.0.0.2", 2000)));
        assertEquals(List.of("172.18.0.3"), DnsTestClient.addresses(DnsTestClient.udp(binding.udp(),
                DnsTestClient.query(6, "db", DnsMessage.TYPE_A), null, 2000)));
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void knownNamesHaveNoIpv6Records() throws Exception {
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(3, "web", DnsMessage.TYPE_AAAA),
                null, 2000);
        assertEquals(DnsMessage.NOERROR, DnsMessage.rcode(answer));
        assertEquals(0, DnsMessage.answerCount(answer));
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void unknownNamesGoUpstreamAndTheAnswerIsRelayed() throws Exception {
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(11, "elsewhere.test", DnsMessage.TYPE_A),
                null, 3000);
        assertNotNull(answer);
        assertEquals(11, DnsMessage.id(answer, answer.length));
        assertEquals(List.of(FakeUpstream.ANSWER), DnsTestClient.addresses(answer));
        assertEquals(List.of("elsewhere.test"), upstream.seen);
    }

    @Test
    void silentUpstreamMeansServfail() throws Exception {
        upstream.silent = true;
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(12, "elsewhere.test", DnsMessage.TYPE_A),
                null, 3000);
        assertNotNull(answer);
        assertEquals(DnsMessage.SERVFAIL, DnsMessage.rcode(answer));
    }

    @Test
    void noUpstreamMeansServfail() throws Exception {
        DnsServer lonely = new DnsServer(new DnsForwarder(List::of, Duration.ofMillis(200)), 0);
        try {
            DnsServer.Binding b = lonely.serve("n", InetAddress.getByName("127.0.0.1"),
                    new DnsResponder(names, true));
            byte[] answer = DnsTestClient.udp(b.udp(), DnsTestClient.query(13, "elsewhere.test", DnsMessage.TYPE_A),
                    null, 2000);
            assertEquals(DnsMessage.SERVFAIL, DnsMessage.rcode(answer));
        } finally {
            lonely.close();
        }
    }

    @Test
    void linkAliasesAnswerOnlyTheLinkingContainer() throws Exception {
        byte[] fromApp = DnsTestClient.udp(binding.udp(), DnsTestClient.query(14, "database", DnsMessage.TYPE_A),
                "127.0.0.2", 2000);
        assertEquals(List.of("172.18.0.3"), DnsTestClient.addresses(fromApp));
        // anyone else asking for "database" is sent upstream
        byte[] fromOther = DnsTestClient.udp(binding.udp(), DnsTestClient.query(15, "database", DnsMessage.TYPE_A),
                "127.0.0.1", 3000);
        assertEquals(List.of(FakeUpstream.ANSWER), DnsTestClient.addresses(fromOther));
    }

    @Test
    void tcpQueriesAreAnsweredAndForwarded() throws Exception {
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(DnsTestClient.tcp(binding.tcp(),
                DnsTestClient.query(16, "web", DnsMessage.TYPE_A))));
        DnsServer viaTcp = new DnsServer(new DnsForwarder(() -> List.of(upstream.tcpAddress()),
                Duration.ofSeconds(2)), 0);
        try {
            DnsServer.Binding b = viaTcp.serve("n", InetAddress.getByName("127.0.0.1"), new DnsResponder(names, true));
            assertEquals(List.of(FakeUpstream.ANSWER), DnsTestClient.addresses(DnsTestClient.tcp(b.tcp(),
                    DnsTestClient.query(17, "other.test", DnsMessage.TYPE_A))));
        } finally {
            viaTcp.close();
        }
    }

    @Test
    void malformedPacketsDoNotStopTheServer() throws Exception {
        Random random = new Random(42);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 300; i++) {
                byte[] junk = new byte[random.nextInt(80)];
                random.nextBytes(junk);
                s.send(new DatagramPacket(junk, junk.length, binding.udp()));
                if (i % 50 == 49) {
                    Thread.sleep(20); // let the server drain, or the kernel drops what follows
                }
            }
        }
        // a header with two questions: FORMERR with the query's ID
        byte[] twoQuestions = DnsTestClient.query(21, "web", DnsMessage.TYPE_A);
        twoQuestions[5] = 2;
        byte[] formerr = DnsTestClient.udp(binding.udp(), twoQuestions, null, 2000);
        assertEquals(21, DnsMessage.id(formerr, formerr.length));
        assertEquals(DnsMessage.FORMERR, DnsMessage.rcode(formerr));
        // a name running past the end of the packet
        byte[] truncated = DnsTestClient.query(22, "web", DnsMessage.TYPE_A);
        truncated[12] = 60;
        assertEquals(DnsMessage.FORMERR, DnsMessage.rcode(DnsTestClient.udp(binding.udp(), truncated, null, 2000)));
        // too short for a header: no answer at all
        assertNull(DnsTestClient.udp(binding.udp(), new byte[] {1, 2, 3}, null, 300));
        // still answering
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(DnsTestClient.udp(binding.udp(),
                DnsTestClient.query(23, "web", DnsMessage.TYPE_A), null, 2000)));
    }

    @Test
    void stopReleasesTheAddressAndServeBindsAgain() throws Exception {
        server.stop("net1");
        DnsServer.Binding again = server.serve("net1", InetAddress.getByName("127.0.0.1"),
                new DnsResponder(names, true));
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(DnsTestClient.udp(again.udp(),
                DnsTestClient.query(24, "web", DnsMessage.TYPE_A), null, 2000)));
        assertTrue(server.isServing("net1"));
    }

    @Test
    void internalNetworksDoNotForward() throws Exception {
        DnsServer.Binding internal = server.serve("internal", InetAddress.getByName("127.0.0.1"),
                new DnsResponder(names, false));
        byte[] answer = DnsTestClient.udp(internal.udp(), DnsTestClient.query(25, "elsewhere.test",
                DnsMessage.TYPE_A), null, 2000);
        assertEquals(DnsMessage.SERVFAIL, DnsMessage.rcode(answer));
        assertTrue(upstream.seen.isEmpty());
        assertEquals(List.of("172.18.0.3"), DnsTestClient.addresses(DnsTestClient.udp(internal.udp(),
                DnsTestClient.query(26, "db", DnsMessage.TYPE_A), null, 2000)));
    }

    @Test
    void clientsOutsideTheNetworkAreRefused() throws Exception {
        DnsServer.Binding guarded = server.serve("guarded", InetAddress.getByName("127.0.0.1"),
                new DnsResponder(names, true, io.wharf.networks.net.Cidr.parse("127.0.0.2/32")));
        byte[] refused = DnsTestClient.udp(guarded.udp(), DnsTestClient.query(28, "web", DnsMessage.TYPE_A),
                "127.0.0.1", 2000);
        assertEquals(DnsMessage.REFUSED, DnsMessage.rcode(refused));
        assertEquals(List.of("172.18.0.2"), DnsTestClient.addresses(DnsTestClient.udp(guarded.udp(),
                DnsTestClient.query(29, "web", DnsMessage.TYPE_A), "127.0.0.2", 2000)));
    }

    @Test
    void embeddedDnsServesANetworkOnItsGateway() throws Exception {
        try (EmbeddedDns dns = new EmbeddedDns(new DnsServer(new DnsForwarder(List::of, Duration.ofMillis(100)), 0))) {
            dns.serve("n1", "127.0.0.1", "127.0.0.0/8", names, true);
            dns.serve("n2", "not-an-address", "10.0.0.0/8", names, true); // logged, not thrown
            dns.stop("n1");
            dns.stop("unknown");
        }
    }

    @Test
    void reverseLookupsOfContainers() throws Exception {
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(27, "2.0.18.172.in-addr.arpa",
                DnsMessage.TYPE_PTR), null, 2000);
        assertEquals(DnsMessage.NOERROR, DnsMessage.rcode(answer));
        assertEquals(1, DnsMessage.answerCount(answer));
        String text = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("web") && text.contains("mynet"), text);
    }

    @Test
    void reverseLookupsOfIpv6AddressesAnswerTheContainerAndForwardTheRest() throws Exception {
        String db = "3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.7.1.0.0.a.5.d.f.ip6.arpa";
        byte[] answer = DnsTestClient.udp(binding.udp(), DnsTestClient.query(30, db.toUpperCase(java.util.Locale.ROOT),
                DnsMessage.TYPE_PTR), null, 2000);
        assertEquals(DnsMessage.NOERROR, DnsMessage.rcode(answer));
        assertEquals(1, DnsMessage.answerCount(answer));
        String text = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\u0002db\u0005mynet\u0000"), text);
        assertTrue(upstream.seen.isEmpty());
        String unknown = "4" + db.substring(1);
        DnsTestClient.udp(binding.udp(), DnsTestClient.query(31, unknown, DnsMessage.TYPE_PTR), null, 2000);
        assertEquals(List.of(unknown), upstream.seen);
    }
}
