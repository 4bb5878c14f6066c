package io.wharf.containers.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord.PortBindingRecord;
import io.wharf.containers.model.HostConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortSpecsTest {
    @Test
    void bindingsRangesAndPublishAll() {
        ContainerConfigJson config = new ContainerConfigJson();
        config.exposedPorts = Map.of("80/tcp", Map.of(), "53/udp", Map.of(), "443", Map.of());
        HostConfig hc = new HostConfig();
        hc.portBindings = Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "8080")),
                "443/tcp", List.of(Map.of("HostPort", "9000-9010")));
        hc.publishAllPorts = true;
        List<PortRequest> requests = PortSpecs.requests(config, hc);
        assertEquals(List.of(new PortRequest("udp", 53, "", 0, 0), new PortRequest("tcp", 80, "127.0.0.1", 8080, 8080),
                new PortRequest("tcp", 443, "", 9000, 9010)), requests);
    }

    @Test
    void ipv6HostAddressesArePassedOnWithoutBrackets() {
        ContainerConfigJson config = new ContainerConfigJson();
        HostConfig hc = new HostConfig();
        hc.portBindings = Map.of("80/tcp", List.of(Map.of("HostIp", "::1", "HostPort", "8080"),
                Map.of("HostIp", "[::]", "HostPort", "8081")));
        assertEquals(List.of(new PortRequest("tcp", 80, "::1", 8080, 8080), new PortRequest("tcp", 80, "::", 8081, 8081)),
                PortSpecs.requests(config, hc));
        Map<String, List<PortBindingRecord>> ports = PortSpecs.inspectPorts(config, hc,
                List.of(new PortBinding("tcp", 80, "", 8082), new PortBinding("tcp", 80, "::1", 8080)), true);
        assertEquals(List.of(new PortBindingRecord("0.0.0.0", "8082"), new PortBindingRecord("::", "8082"),
                new PortBindingRecord("::1", "8080")), ports.get("80/tcp"), "every address: both families");
    }

    @Test
    void badSpecificationsAreRefused() {
        HostConfig hc = new HostConfig();
        ContainerConfigJson config = new ContainerConfigJson();
        for (Map<String, List<Map<String, String>>> bad : List.of(
                Map.of("http/tcp", List.<Map<String, String>>of()),
                Map.of("80/icmp", List.<Map<String, String>>of()),
                Map.of("80/tcp", List.of(Map.of("HostPort", "70000"))),
                Map.of("80/tcp", List.of(Map.of("HostPort", "9-3"))),
                Map.of("80/tcp", List.of(Map.of("HostIp", "localhost", "HostPort", "1"))),
                Map.of("80/tcp", List.of(Map.of("HostIp", "fd00:::1", "HostPort", "1"))))) {
            hc.portBindings = bad;
            assertThrows(EngineException.class, () -> PortSpecs.validate(config, hc), bad.toString());
        }
    }

    @Test
    void inspectShowsExposedPortsWithoutBindingsAsNull() {
        ContainerConfigJson config = new ContainerConfigJson();
        config.exposedPorts = Map.of("80/tcp", Map.of(), "22/tcp", Map.of());
        Map<String, List<PortBindingRecord>> ports = PortSpecs.inspectPorts(config, new HostConfig(),
                List.of(new PortBinding("tcp", 80, "", 32768)));
        assertEquals(List.of(new PortBindingRecord("0.0.0.0", "32768")), ports.get("80/tcp"));
        assertNull(ports.get("22/tcp"));
        assertEquals(2, ports.size());
    }

    @Test
    void hostsFileNamesTheContainerOnItsAddress() {
        String hosts = EtcFiles.hosts("abc", "", List.of("db:10.0.0.5"), "172.18.0.2",
                List.of("172.18.0.3\tcache 0123456789ab other"));
        assertEquals(true, hosts.contains("10.0.0.5\tdb\n"));
        assertEquals(true, hosts.contains("172.18.0.3\tcache 0123456789ab other\n"));
        assertEquals(true, hosts.endsWith("172.18.0.2\tabc\n"));
    }
}
