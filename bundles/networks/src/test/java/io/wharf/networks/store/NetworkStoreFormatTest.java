package io.wharf.networks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.support.FormatVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user network and an endpoint as Wharf 0.1 (689d0a6, no format version, no IPv6 fields) stored them. */
class NetworkStoreFormatTest {
    @TempDir
    Path dataRoot;

    @Test
    void anUnversionedAreaLoadsAsIpv4OnlyAndIsMarkedCurrent() throws Exception {
        Path fixture = Path.of(getClass().getResource("/wharf-0.1/network").toURI());
        new ProcessBuilder("cp", "-a", fixture.toString(), dataRoot.toString()).inheritIO().start().waitFor();
        Path root = dataRoot.resolve("network");

        NetworkStore store = new NetworkStore(root);

        List<NetworkRecord> networks = store.loadNetworks();
        assertEquals(List.of("upnet"), networks.stream().map(NetworkRecord::name).toList());
        assertEquals("172.22.0.0/16", networks.get(0).ipam().subnet());
        assertFalse(networks.get(0).enableIpv6());
        List<EndpointRecord> endpoints = store.loadEndpoints();
        assertEquals(List.of("172.22.0.2"), endpoints.stream().map(EndpointRecord::ipv4Address).toList());
        assertEquals(49153, endpoints.get(0).ports().get(0).hostPort());
        assertNull(endpoints.get(0).ipv6Address());
        assertEquals(FormatVersion.Area.NETWORKS.current(), FormatVersion.read(root));
    }
}
