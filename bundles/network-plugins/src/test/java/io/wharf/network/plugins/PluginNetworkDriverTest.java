package io.wharf.network.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.testkit.ScriptedPlugin;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginNetworkDriverTest {
    private final ScriptedPlugin plugin = new ScriptedPlugin("scripted", "NetworkDriver", "IpamDriver");
    private final RecordingLinks links = new RecordingLinks();

    /** Records what would be done in the namespaces. */
    static final class RecordingLinks implements SandboxLinks {
        final List<String> done = new ArrayList<>();
        IOException failure;

        @Override
        public void plugIn(Link link, String macAddress, String addressWithPrefix, List<String> routes)
                throws IOException {
            if (failure != null) {
                throw failure;
            }
            done.add("in " + link.sourceName() + " " + link.sandboxPath() + " " + link.containerName() + " "
                    + macAddress + " " + addressWithPrefix + " " + routes);
        }

        @Override
        public void unplug(Link link) {
            done.add("out " + link.containerName() + " " + link.sourceName());
        }
    }

    private static EndpointSpec endpoint(String gateway, String iface) {
        return new EndpointSpec("n1", "e1", "c1", "/proc/42/ns/net", iface, "10.9.0.2", 24, gateway,
                "02:42:0a:09:00:02", List.of(), List.of());
    }

    @Test
    void createNetworkSendsThePoolGatewayAndGenericOptions() {
        new PluginNetworkDriver(new PluginRpc(plugin), links).createNetwork(new NetworkSpec("n1", "net", "p", false,
                false, List.of(new NetworkSpec.IpamConfig("10.9.0.0/24", null, "10.9.0.1")), Map.of("k", "v"),
                Map.of()));
        assertEquals("{\"NetworkID\":\"n1\",\"Options\":{\"com.docker.network.generic\":{\"k\":\"v\"},"
                + "\"com.docker.network.enable_ipv6\":false},\"IPv4Data\":[{\"AddressSpace\":\"LocalDefault\","
                + "\"Pool\":\"10.9.0.0/24\",\"Gateway\":\"10.9.0.1/24\",\"AuxAddresses\":{}}],\"IPv6Data\":[]}",
                plugin.last("NetworkDriver.CreateNetwork"));
    }

    @Test
    void joinMovesTheDriversInterfaceInUnderTheContainersNameWithRoutes() throws IOException {
        plugin.answers.put("NetworkDriver.Join", """
                {"InterfaceName":{"SrcName":"vethx1","DstPrefix":"eth"},"Gateway":"10.9.0.1",
                 "StaticRoutes":[{"Destination":"192.168.7.0/24","RouteType":0,"NextHop":"10.9.0.254"},
                                 {"Destination":"172.30.0.0/16","RouteType":1}]}""");
        PluginNetworkDriver driver = new PluginNetworkDriver(new PluginRpc(plugin), links);
        EndpointInfo info = driver.join(endpoint("10.9.0.1", "eth1"));
        assertEquals(List.of("NetworkDriver.GetCapabilities", "NetworkDriver.CreateEndpoint", "NetworkDriver.Join",
                "NetworkDriver.ProgramExternalConnectivity"), plugin.methods());
        assertEquals("{\"NetworkID\":\"n1\",\"EndpointID\":\"e1\",\"Interface\":{\"Address\":\"10.9.0.2/24\","
                + "\"AddressIPv6\":\"\",\"MacAddress\":\"02:42:0a:09:00:02\"},\"Options\":{"
                + "\"com.docker.network.endpoint.exposedports\":[],\"com.docker.network.portmap\":[]}}",
                plugin.last("NetworkDriver.CreateEndpoint"));
        assertEquals("{\"NetworkID\":\"n1\",\"EndpointID\":\"e1\",\"SandboxKey\":\"/proc/42/ns/net\",\"Options\":{}}",
                plugin.last("NetworkDriver.Join"));
        assertEquals(List.of("in vethx1 /proc/42/ns/net eth1 02:42:0a:09:00:02 10.9.0.2/24 [192.168.7.0/24 via "
                + "10.9.0.254, 172.30.0.0/16, default via 10.9.0.1]"), links.done);
        assertEquals(new EndpointInfo("eth1", "10.9.0.2", 24, "10.9.0.1", "02:42:0a:09:00:02", List.of()), info);

        driver.leave("n1", "e1");
        assertEquals("out eth1 vethx1", links.done.get(1));
        assertEquals(List.of("NetworkDriver.RevokeExternalConnectivity", "NetworkDriver.Leave",
                "NetworkDriver.DeleteEndpoint"), plugin.methods().subList(4, 7));
    }

    @Test
    void publishedPortsAreLibnetworksPortmap() {
        EndpointSpec spec = new EndpointSpec("n1", "e1", "c1", "/proc/42/ns/net", "eth0", "10.9.0.2", 24, null, null,
                List.of(), List.of(new EndpointSpec.PortBinding("udp", 53, "127.0.0.1", 5353)));
        assertEquals("{\"com.docker.network.endpoint.exposedports\":[{\"Proto\":17,\"Port\":53}],"
                + "\"com.docker.network.portmap\":[{\"Proto\":17,\"IP\":\"\",\"Port\":53,\"HostIP\":\"127.0.0.1\","
                + "\"HostPort\":5353,\"HostPortEnd\":5353}]}", PluginNetworkDriver.portOptions(spec).toString());
    }

    @Test
    void anEndpointWithoutTheDefaultRouteGetsNoGatewayNorExternalConnectivity() throws IOException {
        plugin.answers.put("NetworkDriver.Join", "{\"InterfaceName\":{\"SrcName\":\"v2\",\"DstPrefix\":\"net\"},"
                + "\"Gateway\":\"10.9.0.1\"}");
        EndpointInfo info = new PluginNetworkDriver(new PluginRpc(plugin), links).join(endpoint(null, "eth2"));
        assertEquals("net2", info.interfaceName());
        assertEquals(null, info.gateway());
        assertTrue(links.done.get(0).endsWith("[]"), links.done.get(0));
        assertTrue(!plugin.methods().contains("NetworkDriver.ProgramExternalConnectivity"));
    }

    @Test
    void aFailedMoveLeavesAndDeletesTheEndpointAtThePlugin() {
        plugin.answers.put("NetworkDriver.Join", "{\"InterfaceName\":{\"SrcName\":\"v3\",\"DstPrefix\":\"eth\"}}");
        links.failure = new IOException("no such device");
        PluginNetworkDriver driver = new PluginNetworkDriver(new PluginRpc(plugin), links);
        assertThrows(IOException.class, () -> driver.join(endpoint("10.9.0.1", "eth0")));
        assertEquals(List.of("NetworkDriver.Leave", "NetworkDriver.DeleteEndpoint"),
                plugin.methods().subList(3, 5));
    }

    @Test
    void thePluginsErrIsTheErrorWithTheMethod() {
        plugin.answers.put("NetworkDriver.CreateEndpoint", "{\"Err\":\"pool exhausted\"}");
        PluginNetworkDriver driver = new PluginNetworkDriver(new PluginRpc(plugin), links);
        EngineException e = assertThrows(EngineException.class, () -> driver.join(endpoint("10.9.0.1", "eth0")));
        assertEquals("NetworkDriver.CreateEndpoint: pool exhausted", e.getMessage());
    }

    @Test
    void aPluginWithoutExternalConnectivityMethodsStillJoinsAndLeaves() throws IOException {
        plugin.answers.put("NetworkDriver.Join", "{\"InterfaceName\":{\"SrcName\":\"v4\",\"DstPrefix\":\"eth\"},"
                + "\"Gateway\":\"10.9.0.1\"}");
        plugin.statuses.put("NetworkDriver.ProgramExternalConnectivity", 404);
        plugin.statuses.put("NetworkDriver.RevokeExternalConnectivity", 404);
        PluginNetworkDriver driver = new PluginNetworkDriver(new PluginRpc(plugin), links);
        driver.join(endpoint("10.9.0.1", "eth0"));
        driver.leave("n1", "e1");
        assertTrue(plugin.methods().contains("NetworkDriver.DeleteEndpoint"));
    }
}
