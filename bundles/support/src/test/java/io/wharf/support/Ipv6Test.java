package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class Ipv6Test {
    @Test
    void formatsAsRfc5952() {
        assertEquals("::", Ipv6.canonical("0:0:0:0:0:0:0:0"));
        assertEquals("::1", Ipv6.canonical("0000:0000::0001"));
        assertEquals("fd5a:17::2", Ipv6.canonical("FD5A:0017:0:0:0:0:0:2"));
        assertEquals("2001:db8::1:0:0:1", Ipv6.canonical("2001:db8:0:0:1:0:0:1"), "the first longest run");
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6.canonical("2001:db8::1:1:1:1:1"), "one zero group stays");
        assertEquals("fd00::", Ipv6.canonical("fd00::"));
        assertEquals("::ffff:a00:1", Ipv6.canonical("::ffff:10.0.0.1"));
    }

    @Test
    void refusesWhatIsNotAnIpv6Literal() {
        for (String bad : new String[] {"10.0.0.1", "fd00::1%eth0", "localhost", "fd00:::1", "1:2:3:4:5:6:7:8:9", "",
                "g::1"}) {
            assertFalse(Ipv6.isValid(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Ipv6.parse(null));
    }

    @Test
    void bytesAreSixteenInNetworkOrder() {
        byte[] bytes = Ipv6.toBytes(Ipv6.parse("fd00::1"));
        assertEquals(16, bytes.length);
        assertEquals((byte) 0xfd, bytes[0]);
        assertEquals(1, bytes[15]);
        assertArrayEquals(new byte[16], Ipv6.toBytes(BigInteger.ZERO));
        assertEquals((byte) 0xff, Ipv6.toBytes(Ipv6.ALL_ONES)[0]);
    }

    @Test
    void prefixesClearHostBitsAndCompare() {
        Cidr6 subnet = Cidr6.parse("fd5a:17::5/64");
        assertEquals("fd5a:17::/64", subnet.toString());
        assertTrue(Cidr6.hasHostBits("fd5a:17::5/64"));
        assertFalse(Cidr6.hasHostBits("fd5a:17::/64"));
        assertTrue(subnet.contains(Ipv6.parse("fd5a:17::ffff")));
        assertFalse(subnet.contains(Ipv6.parse("fd5a:18::1")));
        assertTrue(Cidr6.parse("fd5a::/16").overlaps(subnet));
        assertEquals("fd5a:17::ffff:ffff:ffff:ffff", Ipv6.format(subnet.last()));
        assertEquals("fd5a:17::1", Ipv6.format(subnet.firstHost()));
        assertThrows(IllegalArgumentException.class, () -> Cidr6.parse("fd5a::/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr6.parse("10.0.0.0/8"));
    }
}
