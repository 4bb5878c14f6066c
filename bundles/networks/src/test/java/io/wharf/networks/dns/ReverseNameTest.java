package io.wharf.networks.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.networks.net.Ipv4;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReverseNameTest {
    @Test
    void inAddrArpaNamesAreIpv4AddressesBackwards() {
        assertEquals(Ipv4.parse("172.18.0.2"), ReverseName.ipv4("2.0.18.172.in-addr.arpa"));
        assertNull(ReverseName.ipv4("0.18.172.in-addr.arpa"));
        assertNull(ReverseName.ipv4("256.0.18.172.in-addr.arpa"));
        assertNull(ReverseName.ipv4("web.mynet"));
    }

    @Test
    void ip6ArpaNamesAreTheAddressNibblesBackwards() throws Exception {
        assertArrayEquals(InetAddress.getByName("2001:db8::567:89ab").getAddress(), ReverseName.ipv6(
                "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"));
        assertArrayEquals(InetAddress.getByName("fd5a:17::3").getAddress(), ReverseName.ipv6(
                "3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.7.1.0.0.a.5.d.f.ip6.arpa"));
    }

    @Test
    void partialOrMalformedIp6ArpaNamesAreNoAddress() {
        assertNull(ReverseName.ipv6("8.b.d.0.1.0.0.2.ip6.arpa"), "a zone, not an address");
        assertNull(ReverseName.ipv6("g.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"));
        assertNull(ReverseName.ipv6("ba.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2..ip6.arpa"));
        assertNull(ReverseName.ipv6("2.0.18.172.in-addr.arpa"));
    }
}
