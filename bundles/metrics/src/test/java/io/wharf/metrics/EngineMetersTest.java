package io.wharf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wharf.api.container.ContainerInfo;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.Event;
import io.wharf.api.metrics.EngineMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineMetersTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final EngineMeters meters = new EngineMeters(registry);

    @Test
    void servesTheEnginesMetricsInPrometheusTextFormatOnLoopback() throws Exception {
        ContainerStates.register(registry, () -> null);
        meters.apiRequest("POST", "/containers/create", 201, 3_000_000);
        meters.apiRequest("POST", "/containers/{id}/start", 204, 40_000_000);
        meters.apiRequest("POST", "/containers/{id}/start", 404, 1_000_000); // a failed start is no action
        meters.apiRequest("POST", "/build", 200, 5_000_000);
        meters.imageTransfer(EngineMetrics.Transfer.PULL, true, 1234);
        meters.imageTransfer(EngineMetrics.Transfer.PUSH, false, 0);
        meters.healthCheck(true);
        meters.healthCheck(false);
        meters.event(Event.now("container", "exec_start: sh -c true", "abc", Map.of()));
        meters.event(Event.now("container", "start", "abc", Map.of()));
        try (MetricsEndpoint endpoint = new MetricsEndpoint(MetricsAddress.parse("127.0.0.1:0"), registry)) {
            HttpResponse<String> answer = get(endpoint.port(), "/metrics");
            assertEquals(200, answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String text = answer.body();
            for (String line : new String[] {
                "wharf_api_request_duration_seconds_count{method=\"POST\",route=\"/containers/{id}/start\",status=\"204\"} 1",
                "wharf_api_request_duration_seconds_count{method=\"POST\",route=\"/containers/{id}/start\",status=\"404\"} 1",
                "wharf_container_action_duration_seconds_count{action=\"start\"} 1",
                "wharf_container_action_duration_seconds_bucket{action=\"create\",le=\"0.005\"} 1",
                "wharf_builds_total{status=\"200\"} 1",
                "wharf_image_transfers_total{direction=\"pull\",outcome=\"succeeded\"} 1",
                "wharf_image_transfers_total{direction=\"push\",outcome=\"failed\"} 1",
                "wharf_image_transfer_bytes_total{direction=\"pull\"} 1234",
                "wharf_health_checks_total{result=\"failed\"} 1",
                "wharf_events_total{action=\"exec_start\",type=\"container\"} 1",
                "wharf_containers{state=\"running\"} 0"}) {
                assertTrue(text.contains(line), line + " missing in:\n" + text);
            }
            assertFalse(text.contains("sh -c"), "free text of an event action must not become a label");
            assertEquals(404, get(endpoint.port(), "/other").statusCode());
        }
    }

    @Test
    void containersAreCountedByStateWithEveryStatePresent() {
        Map<ContainerInfo.Status, Integer> none = ContainerStates.count(null);
        assertEquals(ContainerInfo.Status.values().length, none.size());
        assertTrue(none.values().stream().allMatch(n -> n == 0));
    }

    @Test
    void onlyLoopbackAddressesAreServed() {
        assertEquals(9323, MetricsAddress.parse("127.0.0.1:9323").getPort());
        assertTrue(MetricsAddress.parse("[::1]:9323").getAddress().isLoopbackAddress());
        EngineException remote = assertThrows(EngineException.class, () -> MetricsAddress.parse("0.0.0.0:9323"));
        assertTrue(remote.getMessage().contains("loopback"), remote.getMessage());
        assertThrows(EngineException.class, () -> MetricsAddress.parse("127.0.0.1"));
        assertThrows(EngineException.class, () -> MetricsAddress.parse("127.0.0.1:http"));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
