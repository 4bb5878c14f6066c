package io.wharf.networks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.networks.net.Ipv4;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    @Test
    void parsesAQuery() throws Exception {
        byte[] raw = DnsTestClient.query(0x1234, "Web.MyNet", DnsMessage.TYPE_A);
        DnsMessage.Query q = DnsMessage.parse(raw, raw.length);
        assertEquals(0x1234, q.id());
        assertEquals("web.mynet", q.name());
        assertEquals(DnsMessage.TYPE_A, q.type());
        assertEquals(DnsMessage.CLASS_IN, q.qclass());
    }

    @Test
    void responsesAndFragmentsAreIgnored() throws Exception {
        byte[] q = DnsTestClient.query(1, "web", DnsMessage.TYPE_A);
        q[2] |= (byte) 0x80;
        assertNull(DnsMessage.parse(q, q.length));
        assertNull(DnsMessage.parse(new byte[5], 5));
    }

    @Test
    void compressionInTheQuestionAndOtherOpcodesAreRejected() {
        byte[] q = DnsTestClient.query(1, "web", DnsMessage.TYPE_A);
        q[12] = (byte) 0xc0;
        assertEquals(DnsMessage.FORMERR, assertThrows(DnsMessage.FormatError.class,
                () -> DnsMessage.parse(q, q.length)).rcode());
        byte[] update = DnsTestClient.query(1, "web", DnsMessage.TYPE_A);
        update[2] = (byte) (5 << 3);
        assertEquals(DnsMessage.NOTIMP, assertThrows(DnsMessage.FormatError.class,
                () -> DnsMessage.parse(update, update.length)).rcode());
    }

    @Test
    void randomBytesNeverThrowAnythingElse() throws Exception {
        Random random = new Random(7);
        DnsResponder responder = new DnsResponder(new NameTable("n"), true);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            if (junk.length > 5 && random.nextBoolean()) {
                junk[4] = 0;
                junk[5] = 1;
                junk[2] &= 0x07;
            }
            try {
                DnsMessage.parse(junk, junk.length);
            } catch (DnsMessage.FormatError expected) {
                // fine
            }
            responder.respond(junk, junk.length, InetAddress.getLoopbackAddress(), false);
        }
    }

    @Test
    void manyAddressesAreTruncatedForUdp() throws Exception {
        byte[] raw = DnsTestClient.query(1, "svc", DnsMessage.TYPE_A);
        DnsMessage.Query q = DnsMessage.parse(raw, raw.length);
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(Ipv4.parse("10.0.0." + (i + 1)));
        }
        byte[] answer = DnsMessage.addresses(q, many, 600, DnsMessage.UDP_LIMIT);
        assertTrue(answer.length <= 512);
        assertTrue((answer[2] & 0x02) != 0, "TC is set");
        assertEquals(30, DnsMessage.answerCount(answer));
    }

    @Test
    void nameTableLookups() throws Exception {
        NameTable t = new NameTable("MyNet");
        t.add("e1", Ipv4.parse("10.0.0.2"), List.of("Web", "abc123", "shared"), Map.of());
        t.add("e2", Ipv4.parse("10.0.0.3"), List.of("db", "shared"), Map.of());
        t.add("e3", Ipv4.parse("10.0.0.4"), List.of("app"), Map.of("database", "db", "web", "db"));
        assertEquals(hosts("10.0.0.2"), t.lookup("WEB.", null));
        assertEquals(hosts("10.0.0.2"), t.lookup("web.mynet", null));
        assertEquals(hosts("10.0.0.2", "10.0.0.3"), t.lookup("shared", null));
        assertNull(t.lookup("database", InetAddress.getByName("10.0.0.2")));
        assertEquals(hosts("10.0.0.3"), t.lookup("database", InetAddress.getByName("10.0.0.4")));
        // a link alias shadows a name for the linking container only
        assertEquals(hosts("10.0.0.3"), t.lookup("web", InetAddress.getByName("10.0.0.4")));
        assertEquals(hosts("10.0.0.2"), t.lookup("web", InetAddress.getByName("10.0.0.3")));
        assertEquals("web.mynet", t.reverse(Ipv4.parse("10.0.0.2")));
        t.remove("e2");
        assertNull(t.lookup("db", null));
        assertNull(t.lookup("database", InetAddress.getByName("10.0.0.4")));
    }

    @Test
    void ipv6OnlyEndpointsAreFoundAndRecognisedByTheirIpv6Address() throws Exception {
        NameTable t = new NameTable("v6net");
        byte[] web = InetAddress.getByName("fd00:1::2").getAddress();
        byte[] app = InetAddress.getByName("fd00:1::3").getAddress();
        t.add("e1", null, web, List.of("web"), Map.of());
        t.add("e2", null, app, List.of("app"), Map.of("site", "web"));
        assertEquals(List.of(new NameTable.Host(null, web)), t.lookup("web", null));
        assertEquals(List.of(new NameTable.Host(null, web)), t.lookup("site", InetAddress.getByName("fd00:1::3")),
                "the link alias of the container querying from its IPv6 address");
        assertNull(t.lookup("site", InetAddress.getByName("fd00:1::2")));
        assertEquals("app", t.containerAt(InetAddress.getByName("fd00:1::3")));
        assertEquals(InetAddress.getByName("fd00:1::3"), t.addressOf("app"));
        assertEquals("app.v6net", t.reverse(app));
        assertNull(t.reverse(InetAddress.getByName("fd00:1::4").getAddress()));
        assertThrows(IllegalArgumentException.class, () -> t.add("e3", null, null, List.of("x"), Map.of()));
    }

    private static List<NameTable.Host> hosts(String... ipv4) {
        List<NameTable.Host> hosts = new ArrayList<>();
        for (String a : ipv4) {
            hosts.add(new NameTable.Host(Ipv4.parse(a), null));
        }
        return hosts;
    }

    @Test
    void resolvConfNameservers() {
        assertEquals(2, Upstreams.parseResolvConf("""
                # comment
                nameserver 127.0.0.53
                search example
                nameserver ::1
                nameserver not-an-ip
                """).size());
        assertNull(Upstreams.literal("dns.example"));
    }
}
