package io.wharf.networks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameTablesTest {
    private static final int APP_ON_FRONT = Ipv4.parse("10.1.0.2");
    private static final int WEB_ON_FRONT = Ipv4.parse("10.1.0.3");
    private static final int APP_ON_BACK = Ipv4.parse("10.2.0.2");
    private static final int DB_ON_BACK = Ipv4.parse("10.2.0.3");
    private static final byte[] APP_ON_V6 = Ipv6.toBytes(Ipv6.parse("fd00:3::2"));
    private static final byte[] CACHE_ON_V6 = Ipv6.toBytes(Ipv6.parse("fd00:3::3"));

    @Test
    void aContainerResolvesTheNamesOfAllItsNetworksThroughTheServerOfAnyOne() throws Exception {
        NameTable front = new NameTable("front");
        NameTable back = new NameTable("back");
        front.add("e1", APP_ON_FRONT, List.of("app", "0123456789ab"), Map.of());
        front.add("e2", WEB_ON_FRONT, List.of("web"), Map.of());
        back.add("e3", APP_ON_BACK, List.of("app", "0123456789ab"), Map.of());
        back.add("e4", DB_ON_BACK, List.of("db", "store"), Map.of());
        NameTables tables = new NameTables();
        tables.put("f", front);
        tables.put("b", back);

        assertEquals(host(WEB_ON_FRONT), tables.lookup(front, "web", address(APP_ON_FRONT)));
        assertEquals(host(DB_ON_BACK), tables.lookup(front, "store", address(APP_ON_FRONT)),
                "the other network's alias");
        assertEquals(host(DB_ON_BACK), tables.lookup(front, "db.back", address(APP_ON_FRONT)));
        assertEquals(host(APP_ON_FRONT), tables.lookup(front, "app", address(APP_ON_FRONT)), "its own network first");
        assertNull(tables.lookup(front, "db", address(WEB_ON_FRONT)),
                "web is not on back: it never learns back's names");
        assertNull(tables.lookup(front, "db", null));

        back.remove("e3");
        assertNull(tables.lookup(front, "db", address(APP_ON_FRONT)), "app left back");
        back.add("e3", APP_ON_BACK, List.of("app"), Map.of());
        tables.remove("b");
        assertNull(tables.lookup(front, "db", address(APP_ON_FRONT)), "back has no DNS any more");
    }

    @Test
    void anIpv6OnlyNetworkIsReachedFromTheServerOfAnIpv4Network() throws Exception {
        NameTable front = new NameTable("front");
        NameTable v6 = new NameTable("v6");
        front.add("e1", APP_ON_FRONT, List.of("app"), Map.of());
        front.add("e4", WEB_ON_FRONT, List.of("web"), Map.of());
        v6.add("e2", null, APP_ON_V6, List.of("app"), Map.of());
        v6.add("e3", null, CACHE_ON_V6, List.of("cache"), Map.of());
        NameTables tables = new NameTables();
        tables.put("f", front);
        tables.put("6", v6);

        assertEquals(List.of(new NameTable.Host(null, CACHE_ON_V6)), tables.lookup(front, "cache",
                address(APP_ON_FRONT)));
        assertEquals(host(WEB_ON_FRONT), tables.lookup(v6, "web", InetAddress.getByAddress(APP_ON_V6)),
                "app, asking from its IPv6 address, is on front too");
        assertNull(tables.lookup(v6, "web", InetAddress.getByAddress(CACHE_ON_V6)), "cache is not on front");
        assertNull(tables.lookup(v6, "nothing", InetAddress.getByAddress(APP_ON_V6)));
    }

    private static List<NameTable.Host> host(int ipv4) {
        return List.of(new NameTable.Host(ipv4, null));
    }

    private static InetAddress address(int ipv4) throws Exception {
        return InetAddress.getByAddress(Ipv4.bytes(ipv4));
    }
}
