package io.wharf.network.bridge;

import static io.wharf.network.bridge.TestData.DEFAULTS;
import static io.wharf.network.bridge.TestData.endpoint;
import static io.wharf.network.bridge.TestData.id;
import static io.wharf.network.bridge.TestData.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's decisions (which commands, when nft runs, what restore removes) against a fake host. */
class BridgeDriverTest {
    private static final NetworkSpec WEB = network(id('a'), "172.18.0.0/16", "172.18.0.1", Map.of(), false);
    private static final String BRIDGE = "br-aaaaaaaaaaaa";

    @TempDir
    Path dir;
    private FakeHost host;
    private Path createdFile;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost(dir);
        createdFile = dir.resolve("exec/network/bridge-driver/created-bridges");
    }

    private BridgeDriver driver(boolean firewall) throws IOException {
        return new BridgeDriver(DEFAULTS, new HostNetwork(FakeHost.TOOLS, host, new HostLinks(host.sysfs),
                host.namespaceSysctls()),
                new NftFirewall(firewall, "wharf_test", "nft", host), new Sysctls(host.procSys),
                new CreatedBridges(createdFile));
    }

    private static EndpointSpec endpointWith(String endpointId, PortBinding... ports) {
        return endpoint(WEB.id(), endpointId, "/proc/42/ns/net", "172.18.0.2", "172.18.0.1", ports);
    }

    @Test
    void createNetworkMakesAndRecordsTheBridge() throws IOException {
        driver(true).createNetwork(WEB);

        assertTrue(host.exists(BRIDGE));
        assertEquals(List.of(BRIDGE), Files.readAllLines(createdFile));
        assertEquals("1", Files.readString(host.procSys.resolve("net/ipv4/ip_forward")).trim());
        assertEquals("1", Files.readString(host.procSys.resolve("net/ipv4/conf/" + BRIDGE + "/route_localnet")).trim());
        assertEquals(1, host.runsOf("nft").size());
        assertTrue(host.runsOf("nft").get(0).contains("ip saddr 172.18.0.0/16 oifname != \"" + BRIDGE + "\""));
    }

    @Test
    void anExistingBridgeIsUsedButNotOwned() throws IOException {
        host.addBridge(BRIDGE);
        BridgeDriver driver = driver(true);
        driver.createNetwork(WEB);
        assertFalse(host.runsOf("ip").get(0).contains("link add"));

        driver.deleteNetwork(WEB.id());
        assertTrue(host.exists(BRIDGE), "a bridge the driver did not create stays");
        assertTrue(host.runsOf("nft").get(1).contains("delete table inet wharf_test\n"));
    }

    @Test
    void joinWithoutPortsSpawnsTwoProcessesAndNoNft() throws IOException {
        BridgeDriver driver = driver(true);
        driver.createNetwork(WEB);
        host.runs.clear();

        EndpointInfo info = driver.join(endpointWith("0123456789"));

        assertEquals(new EndpointInfo("eth0", "172.18.0.2", 24, "172.18.0.1", "02:42:ac:12:00:02", List.of()), info);
        assertEquals(2, host.runs.size(), host.runs.toString());
        assertTrue(host.runs.get(0).startsWith("ip -batch -\nlink add name veth0123456 "));
        assertTrue(host.runs.get(1).startsWith("nsenter --net=/proc/42/ns/net ip -batch -\n"), host.runs.get(1));
        assertEquals(List.of("/proc/42/ns/net"), host.namespacesJoined);
        assertEquals("1\n", host.namespaceSetting("disable_ipv6"), "IPv6 off on IPv4-only networks");
        assertEquals("1\n", host.namespaceSetting("accept_ra"), "left at the kernel's default");
        assertEquals(List.of("veth0123456"), new HostLinks(host.sysfs).bridgePorts(BRIDGE));
    }

    @Test
    void dualStackNetworkGetsItsIpv6GatewayForwardingAndIpv6Rules() throws IOException {
        BridgeDriver driver = driver(true);
        driver.createNetwork(TestData.dualStackNetwork(id('a'), "fd5a:17::/64", "fd5a:17::1"));
        assertEquals("0", Files.readString(host.procSys.resolve("net/ipv6/conf/" + BRIDGE + "/disable_ipv6")).trim());
        assertEquals("1", Files.readString(host.procSys.resolve("net/ipv6/conf/all/forwarding")).trim());
        assertTrue(host.runs.stream().anyMatch(r -> r.contains("address replace fd5a:17::1/64 dev " + BRIDGE
                + " nodad")), host.runs.toString());
        host.runs.clear();
        driver.join(TestData.dualStackEndpoint(id('a'), "0123456789", "/proc/42/ns/net", "172.18.0.2",
                "fd5a:17::2", true, new PortBinding("tcp", 80, "0.0.0.0", 8080)));
        String inside = host.runsOf("nsenter").get(0);
        assertTrue(inside.startsWith("nsenter --net=/proc/42/ns/net ip -batch -\n"), inside);
        assertEquals("0\n", host.namespaceSetting("disable_ipv6"));
        assertEquals("0\n", host.namespaceSetting("accept_ra"), "addresses and routes come from the network");
        assertTrue(inside.contains("address add fd5a:17::2/64 dev eth0 nodad\n"), inside);
        assertTrue(host.runsOf("nft").get(0).contains("ip6 saddr fd5a:17::/64 oifname != \"" + BRIDGE
                + "\" masquerade"), host.runsOf("nft").toString());
    }

    @Test
    void portsAreAppliedOnJoinAndDroppedOnLeave() throws IOException {
        BridgeDriver driver = driver(true);
        driver.createNetwork(WEB);
        host.runs.clear();

        PortBinding http = new PortBinding("tcp", 80, "", 8080);
        assertEquals(List.of(http), driver.join(endpointWith("0123456789", http)).boundPorts());
        assertTrue(host.runsOf("nft").get(0).contains("tcp dport 8080 dnat ip to 172.18.0.2:80"));

        driver.leave(WEB.id(), "0123456789");
        assertFalse(host.exists("veth0123456"));
        assertEquals(2, host.runsOf("nft").size());
        assertFalse(host.runsOf("nft").get(1).contains("dnat ip to"));

        host.runs.clear();
        driver.leave(WEB.id(), "0123456789");
        assertEquals(List.of(), host.runs, "a vanished veth costs no process");
    }

    @Test
    void iptablesFalseNeverRunsNft() throws IOException {
        BridgeDriver driver = driver(false);
        driver.createNetwork(WEB);
        driver.join(endpointWith("0123456789", new PortBinding("tcp", 80, "", 8080)));
        driver.leave(WEB.id(), "0123456789");
        driver.deleteNetwork(WEB.id());
        driver.restore(List.of(), List.of());
        assertEquals(List.of(), host.runsOf("nft"));
        assertEquals("0", Files.readString(host.procSys.resolve("net/ipv4/conf/" + BRIDGE + "/route_localnet")).trim(),
                "no DNAT, no need to route 127.0.0.1");
    }

    @Test
    void failureInsideTheNamespaceUndoesTheJoin() throws IOException {
        BridgeDriver driver = driver(true);
        driver.createNetwork(WEB);
        host.failWhen("nsenter", "RTNETLINK answers: Permission denied\nCommand failed -:1\n");

        IOException e = assertThrows(IOException.class, () -> driver.join(endpointWith("0123456789")));
        assertTrue(e.getMessage().contains("address add 172.18.0.2/24 dev eth0 failed: RTNETLINK answers: "
                + "Permission denied"), e.getMessage());
        assertFalse(host.exists("veth0123456"));
        driver.join(endpointWith("0123456789")); // the endpoint can join again
    }

    @Test
    void sysctlFailureInsideTheNamespaceUndoesTheJoin() throws IOException {
        BridgeDriver driver = new BridgeDriver(DEFAULTS, new HostNetwork(FakeHost.TOOLS, host,
                new HostLinks(host.sysfs), new NamespaceSysctls(host.namespaceProcSys, (path, work) -> {
                    throw new IOException("cannot join the network namespace " + path + ": Invalid argument");
                })), new NftFirewall(true, "wharf_test", "nft", host), new Sysctls(host.procSys),
                new CreatedBridges(createdFile));
        driver.createNetwork(WEB);

        IOException e = assertThrows(IOException.class, () -> driver.join(endpointWith("0123456789")));
        assertTrue(e.getMessage().contains("/proc/42/ns/net: Invalid argument"), e.getMessage());
        assertFalse(host.exists("veth0123456"));
        assertTrue(host.runsOf("nsenter").isEmpty(), "no ip batch in a namespace whose settings failed");
    }

    @Test
    void anExistingDefaultRouteIsKept() throws IOException {
        BridgeDriver driver = driver(true);
        driver.createNetwork(WEB);
        host.failWhen("nsenter", "RTNETLINK answers: File exists\nCommand failed -:3\n");
        driver.join(endpointWith("0123456789"));
        assertTrue(host.exists("veth0123456"));
    }

    @Test
    void theDefaultRouteMovesToAnotherEndpointInsideItsNamespace() throws IOException {
        BridgeDriver driver = driver(true);
        driver.createNetwork(WEB);
        driver.join(endpoint(WEB.id(), "0123456789", "/proc/42/ns/net", "172.18.0.2", null));
        host.runs.clear();

        driver.routeDefault(endpointWith("0123456789"));
        assertEquals(List.of("nsenter --net=/proc/42/ns/net ip -batch -\nroute replace default via 172.18.0.1 dev "
                + "eth0\n"), host.runs);
        assertThrows(EngineException.class, () -> driver.routeDefault(endpointWith("9999999999")),
                "an endpoint that is not joined");
        assertThrows(EngineException.class, () -> driver.routeDefault(endpoint(WEB.id(), "0123456789",
                "/proc/42/ns/net", "172.18.0.2", null)), "no gateway to route through");
    }

    @Test
    void joinsAreCheckedAgainstTheState() throws IOException {
        BridgeDriver driver = driver(true);
        assertThrows(EngineException.class, () -> driver.join(endpointWith("0123456789")));
        driver.createNetwork(WEB);
        driver.join(endpointWith("0123456789"));
        assertThrows(EngineException.class, () -> driver.join(endpointWith("0123456789")));
        assertThrows(EngineException.class, () -> driver.createNetwork(network(id('b'), "10.9.0.0/24", "10.9.0.1",
                Map.of(BridgeNetwork.BRIDGE_NAME, BRIDGE), false)));
    }

    @Test
    void restoreRemovesWhatIsNoLongerListed() throws IOException {
        BridgeDriver before = driver(true);
        before.createNetwork(WEB);
        NetworkSpec gone = network(id('b'), "10.9.0.0/24", "10.9.0.1", Map.of(), false);
        before.createNetwork(gone);
        before.join(endpointWith("0123456789"));
        before.join(endpointWith("abcdef0123"));
        host.addBridge("userbr");
        host.addBridgePort("userbr", "vethdeadbee");
        host.addBridgePort(BRIDGE, "eth9"); // not one of the driver's veths
        host.runs.clear();

        // the daemon crashed; the service still has WEB and one endpoint
        driver(true).restore(List.of(WEB), List.of(endpointWith("0123456789")));

        assertTrue(host.exists(BRIDGE));
        assertTrue(host.exists("veth0123456"));
        assertFalse(host.exists("vethabcdef0"), "unlisted endpoint");
        assertFalse(host.exists("br-bbbbbbbbbbbb"), "bridge of a network that is gone");
        assertTrue(host.exists("eth9"));
        assertTrue(host.exists("userbr") && host.exists("vethdeadbee"), "never touches what it did not create");
        assertEquals(List.of(BRIDGE), Files.readAllLines(createdFile));
        assertEquals(1, host.runsOf("nft").size());

        driver(true).restore(List.of(), List.of());
        assertFalse(host.exists(BRIDGE));
        assertFalse(host.exists("veth0123456"));
        assertTrue(host.runsOf("nft").get(1).endsWith("delete table inet wharf_test\n"));
        assertEquals(List.of(), Files.readAllLines(createdFile));
    }

    @Test
    void restoreRecreatesMissingBridges() throws IOException {
        driver(true).restore(List.of(WEB), List.of());
        assertTrue(host.exists(BRIDGE));
        assertEquals(List.of(BRIDGE), Files.readAllLines(createdFile));
    }
}
