package io.wharf.networks.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.Json;
import org.junit.jupiter.api.Test;

class EndpointRecordTest {
    private static final String DUAL_STACK = """
            {"id":"e1","networkId":"n1","containerId":"c1","interfaceName":"eth0","ipv4Address":"10.0.0.2",
             "prefixLength":24,"gateway":"10.0.0.1","defaultRoute":%s,"ipv6Address":"fd00::2",
             "ipv6PrefixLength":64,"ipv6Gateway":"fd00::1"%s}""";

    private static EndpointRecord read(String defaultRoute, String more) throws Exception {
        return Json.MAPPER.readValue(DUAL_STACK.formatted(defaultRoute, more), EndpointRecord.class);
    }

    @Test
    void theSingleFlagOfAnOlderRecordRoutesEveryFamilyTheEndpointHas() throws Exception {
        EndpointRecord old = read("true", "");
        assertTrue(old.routesIpv4() && old.routesIpv6());
        assertTrue(old.spec().ipv6Gateway() != null && old.spec().gateway() != null);
        EndpointRecord notRouting = read("false", "");
        assertFalse(notRouting.routesIpv4() || notRouting.routesIpv6());
    }

    @Test
    void newRecordsKeepAFlagPerFamily() throws Exception {
        EndpointRecord ipv4Only = read("true", ",\"ipv6DefaultRoute\":false");
        assertTrue(ipv4Only.routesIpv4());
        assertFalse(ipv4Only.routesIpv6());
        EndpointRecord ipv6Only = read("false", ",\"ipv6DefaultRoute\":true");
        assertFalse(ipv6Only.routesIpv4());
        assertTrue(ipv6Only.routesIpv6());
        EndpointRecord both = ipv4Only.withDefaultRoutes(false, true);
        assertTrue(both.routesIpv4() && both.routesIpv6());
        EndpointRecord reread = Json.MAPPER.readValue(Json.prettyBytes(both), EndpointRecord.class);
        assertTrue(reread.routesIpv4() && reread.routesIpv6(), "written with both flags");
    }
}
