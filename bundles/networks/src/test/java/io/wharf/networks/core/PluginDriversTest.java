package io.wharf.networks.core;

import static io.wharf.networks.core.Harness.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.IpamDriver;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network drivers found by a resolver on first use, and addresses from an IPAM driver other than Wharf's own. */
class PluginDriversTest {
    @TempDir
    Path root;

    /** An IPAM plugin's behaviour: one fixed pool, addresses from .10 up, the gateway .1, everything recorded. */
    static final class PoolIpam implements IpamDriver {
        final List<String> calls = new ArrayList<>();
        int next = 10;

        @Override
        public String name() {
            return "pool";
        }

        @Override
        public String requestPool(String subnet, String ipRange) {
            calls.add("pool " + subnet);
            return subnet == null ? "10.123.0.0/24" : subnet;
        }

        @Override
        public void releasePool(String subnet) {
            calls.add("release pool " + subnet);
        }

        @Override
        public String requestAddress(String subnet, String address) {
            calls.add("address " + subnet + " " + address);
            if (address != null) {
                return address + "/24";
            }
            return calls.size() == 2 ? "10.123.0.1/24" : "10.123.0." + next++ + "/24";
        }

        @Override
        public void releaseAddress(String subnet, String address) {
            calls.add("release " + subnet + " " + address);
        }
    }

    private CreateNetwork pluginNetwork(String name, String ipamDriver) {
        return new CreateNetwork(name, "plug", false, false, null, Map.of(), Map.of(), Map.of(), Map.of(), false,
                null, ipamDriver);
    }

    @Test
    void aResolvedDriverAndAnIpamPluginMakeTheNetworkAndItsEndpoints() throws Exception {
        Harness h = new Harness(root);
        FakeDriver plug = new FakeDriver("plug", true);
        PoolIpam ipam = new PoolIpam();
        h.drivers.addResolver(name -> name.equals("plug") ? plug : null);
        h.externalIpam.addResolver(name -> name.equals("pool") ? ipam : null);
        h.startAll();

        String id = h.manager.create(pluginNetwork("pn", "pool"));
        NetworkInfo info = h.manager.get(id);
        assertEquals("pool", info.ipamDriver());
        assertEquals(List.of(new NetworkSpec.IpamConfig("10.123.0.0/24", null, "10.123.0.1")), info.ipam());
        assertEquals(List.of("pool null", "address 10.123.0.0/24 null"), ipam.calls);
        assertTrue(plug.networks.containsKey(id));

        EndpointSettings e = h.manager.connect(connect("pn", "c1", "one"));
        assertEquals("10.123.0.10", e.ipv4Address());
        assertEquals("10.123.0.1", e.gateway());
        h.manager.disconnect("pn", "c1");
        h.manager.remove("pn");
        assertEquals(List.of("release 10.123.0.0/24 10.123.0.10", "release 10.123.0.0/24 10.123.0.1",
                "release pool 10.123.0.0/24"), ipam.calls.subList(3, 6));
    }

    @Test
    void anAddressWharfCannotUseGoesBackToThePlugin() throws Exception {
        Harness h = new Harness(root);
        FakeDriver plug = new FakeDriver("plug", true);
        PoolIpam ipam = new PoolIpam();
        ipam.next = 255; // the broadcast address
        h.drivers.addResolver(name -> name.equals("plug") ? plug : null);
        h.externalIpam.addResolver(name -> name.equals("pool") ? ipam : null);
        h.startAll();
        h.manager.create(pluginNetwork("pn", "pool"));
        EngineException e = assertThrows(EngineException.class, () -> h.manager.connect(connect("pn", "c1", "one")));
        assertTrue(e.getMessage().contains("IPAM driver pool granted 10.123.0.255"), e.getMessage());
        assertEquals("release 10.123.0.0/24 10.123.0.255", ipam.calls.get(ipam.calls.size() - 1));
    }

    @Test
    void unknownDriversAreDockersPluginNotFound() throws Exception {
        Harness h = new Harness(root);
        h.drivers.addResolver(name -> name.equals("plug") ? new FakeDriver("plug", true) : null);
        h.startAll();
        EngineException noIpam = assertThrows(EngineException.class,
                () -> h.manager.create(pluginNetwork("pn", "nosuch")));
        assertEquals(ErrorKind.NOT_FOUND, noIpam.kind());
        assertEquals("plugin \"nosuch\" not found", noIpam.getMessage());
        EngineException noDriver = assertThrows(EngineException.class,
                () -> h.manager.create(new CreateNetwork("x", "weave", false, false, null, Map.of(), Map.of(),
                        Map.of())));
        assertEquals("plugin \"weave\" not found", noDriver.getMessage());
    }
}
