package io.wharf.network.bridge;

import static io.wharf.network.bridge.TestData.dualStackEndpoint;
import static io.wharf.network.bridge.TestData.endpoint;
import static io.wharf.network.bridge.TestData.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceSysctlsTest {
    private static final String NETWORK_ID = id('a');
    private static final Endpoint IPV4_ONLY = Endpoint.of(endpoint(NETWORK_ID, "0123abcdef", "/proc/42/ns/net",
            "172.18.0.2", "172.18.0.1"));
    private static final Endpoint DUAL_STACK = Endpoint.of(dualStackEndpoint(NETWORK_ID, "0123abcdef",
            "/proc/42/ns/net", "172.18.0.2", "fd5a:17::2", true));

    @TempDir
    Path procSys;
    private final List<String> joined = new ArrayList<>();

    private NamespaceSysctls sysctls() {
        return new NamespaceSysctls(procSys, (path, work) -> {
            joined.add(path);
            work.run();
        });
    }

    private Path eth0() throws IOException {
        Path conf = Files.createDirectories(procSys.resolve("net/ipv6/conf/eth0"));
        Files.writeString(conf.resolve("disable_ipv6"), "0\n");
        Files.writeString(conf.resolve("accept_ra"), "1\n");
        return conf;
    }

    @Test
    void ipv4OnlyEndpointHasIpv6Disabled() throws IOException {
        Path conf = eth0();
        sysctls().apply(IPV4_ONLY);
        assertEquals(List.of("/proc/42/ns/net"), joined, "written inside the container's namespace");
        assertEquals("1\n", Files.readString(conf.resolve("disable_ipv6")));
        assertEquals("1\n", Files.readString(conf.resolve("accept_ra")), "not touched");
    }

    @Test
    void kernelWithoutIpv6IsFineForIpv4OnlyEndpoints() throws IOException {
        sysctls().apply(IPV4_ONLY);
        assertFalse(Files.exists(procSys.resolve("net/ipv6/conf/eth0")));
    }

    @Test
    void ipv6EndpointHasIpv6OnAndIgnoresRouterAdvertisements() throws IOException {
        Path conf = eth0();
        sysctls().apply(DUAL_STACK);
        assertEquals("0\n", Files.readString(conf.resolve("disable_ipv6")));
        assertEquals("0\n", Files.readString(conf.resolve("accept_ra")));
    }

    @Test
    void ipv6EndpointFailsWhenItsSettingsCannotBeWritten() {
        assertThrows(NoSuchFileException.class, () -> sysctls().apply(DUAL_STACK));
    }
}
