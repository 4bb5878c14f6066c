package io.wharf.networks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.networks.net.Ipv4;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameTablesTest {
    private static final int APP_ON_FRONT = Ipv4.parse("10.1.0.2");
    private static final int WEB_ON_FRONT = Ipv4.parse("10.1.0.3");
    private static final int APP_ON_BACK = Ipv4.parse("10.2.0.2");
    private static final int DB_ON_BACK = Ipv4.parse("10.2.0.3");

    @Test
    void aContainerResolvesTheNamesOfAllItsNetworksThroughTheServerOfAnyOne() {
        NameTable front = new NameTable("front");
        NameTable back = new NameTable("back");
        front.add("e1", APP_ON_FRONT, List.of("app", "0123456789ab"), Map.of());
        front.add("e2", WEB_ON_FRONT, List.of("web"), Map.of());
        back.add("e3", APP_ON_BACK, List.of("app", "0123456789ab"), Map.of());
        back.add("e4", DB_ON_BACK, List.of("db", "store"), Map.of());
        NameTables tables = new NameTables();
        tables.put("f", front);
        tables.put("b", back);

        assertEquals(List.of(WEB_ON_FRONT), tables.lookup(front, "web", APP_ON_FRONT));
        assertEquals(List.of(DB_ON_BACK), tables.lookup(front, "store", APP_ON_FRONT), "the other network's alias");
        assertEquals(List.of(DB_ON_BACK), tables.lookup(front, "db.back", APP_ON_FRONT));
        assertEquals(List.of(APP_ON_FRONT), tables.lookup(front, "app", APP_ON_FRONT), "its own network first");
        assertNull(tables.lookup(front, "db", WEB_ON_FRONT), "web is not on back: it never learns back's names");
        assertNull(tables.lookup(front, "db", 0));

        back.remove("e3");
        assertNull(tables.lookup(front, "db", APP_ON_FRONT), "app left back");
        back.add("e3", APP_ON_BACK, List.of("app"), Map.of());
        tables.remove("b");
        assertNull(tables.lookup(front, "db", APP_ON_FRONT), "back has no DNS any more");
    }
}
