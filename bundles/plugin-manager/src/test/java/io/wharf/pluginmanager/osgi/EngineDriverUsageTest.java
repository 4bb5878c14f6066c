package io.wharf.pluginmanager.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.network.ConnectRequest;
import io.wharf.api.network.EndpointSettings;
import io.wharf.api.network.NetworkInfo;
import io.wharf.api.network.NetworkService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineDriverUsageTest {
    private static NetworkInfo network(String name, String driver, String ipamDriver) {
        return new NetworkInfo(name + "-id", name, driver, "local", Instant.EPOCH, false, false, false, ipamDriver,
                List.of(), Map.of(), Map.of(), null, false);
    }

    private static EngineDriverUsage usage(NetworkInfo... networks) {
        NetworkService service = new NetworkService() {
            @Override
            public NetworkInfo get(String idOrName) {
                return null;
            }

            @Override
            public List<NetworkInfo> list() {
                return List.of(networks);
            }

            @Override
            public EndpointSettings connect(ConnectRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void disconnect(String network, String containerId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void releaseAll(String containerId) {
            }

            @Override
            public List<EndpointSettings> endpoints(String containerId) {
                return List.of();
            }
        };
        return new EngineDriverUsage(() -> null, () -> service);
    }

    /** dockerd names a managed plugin's network driver with its tag: such a network uses the plugin too. */
    @Test
    void aNetworkNamingTheDriverWithOrWithoutLatestUsesThePlugin() {
        EngineDriverUsage usage = usage(network("tagged", "acme/net:latest", "default"),
                network("short", "acme/net", "acme/ipam:latest"), network("other", "bridge", "default"));
        assertEquals(List.of("network tagged", "network short"), usage.users("networkdriver", "acme/net"));
        assertEquals(List.of("network tagged", "network short"), usage.users("networkdriver", "acme/net:latest"));
        assertEquals(List.of("network short"), usage.users("ipamdriver", "acme/ipam"));
        assertEquals(List.of(), usage.users("networkdriver", "acme/net:2.0"), "another tag is another plugin");
        assertEquals(List.of(), usage.users("volumedriver", "acme/net"));
    }
}
