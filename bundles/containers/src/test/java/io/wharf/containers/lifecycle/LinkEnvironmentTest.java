package io.wharf.containers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkEnvironmentTest {
    @Test
    void onePortAndTheTargetsVariablesAsDockerSetsThem() {
        assertEquals(List.of(
                "DB_PORT=udp://172.17.0.2:53", // the lowest port, whatever its protocol
                "DB_PORT_53_UDP=udp://172.17.0.2:53",
                "DB_PORT_53_UDP_ADDR=172.17.0.2",
                "DB_PORT_53_UDP_PORT=53",
                "DB_PORT_53_UDP_PROTO=udp",
                "DB_PORT_80_TCP=tcp://172.17.0.2:80",
                "DB_PORT_80_TCP_ADDR=172.17.0.2",
                "DB_PORT_80_TCP_PORT=80",
                "DB_PORT_80_TCP_PROTO=tcp",
                "DB_NAME=/web/db",
                "DB_ENV_FOO=bar=baz"),
                LinkEnvironment.of("/web/db", "172.17.0.2", List.of("80/tcp", "53/udp"),
                        List.of("PATH=/bin", "FOO=bar=baz", "HOME=/root", "NOVALUE")));
    }

    @Test
    void aliasesAreUpperCaseWithUnderscoresAndRunsOfPortsAreRanges() {
        List<String> env = LinkEnvironment.of("/app/my-cache", "10.0.0.3", List.of("7002/tcp", "7000", "7001/tcp"),
                null);
        assertEquals(List.of(
                "MY_CACHE_PORT=tcp://10.0.0.3:7000",
                "MY_CACHE_PORT_7000_TCP_START=tcp://10.0.0.3:7000",
                "MY_CACHE_PORT_7000_TCP_ADDR=10.0.0.3",
                "MY_CACHE_PORT_7000_TCP_PROTO=tcp",
                "MY_CACHE_PORT_7000_TCP_PORT_START=7000",
                "MY_CACHE_PORT_7000_TCP_END=tcp://10.0.0.3:7002",
                "MY_CACHE_PORT_7000_TCP_PORT_END=7002",
                "MY_CACHE_NAME=/app/my-cache"), env);
    }

    @Test
    void aTargetWithoutPortsHasOnlyItsName() {
        assertEquals(List.of("DB_NAME=/web/db"), LinkEnvironment.of("/web/db", "172.17.0.2", List.of(), List.of()));
    }
}
