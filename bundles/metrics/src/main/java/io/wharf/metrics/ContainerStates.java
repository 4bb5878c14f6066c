package io.wharf.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code wharf_containers{state}}: counted from the container service at each scrape, every state present. */
final class ContainerStates {
    private ContainerStates() {
    }

    static void register(PrometheusRegistry registry, Supplier<ContainerService> containers) {
        GaugeWithCallback.builder().name("wharf_containers").help("Containers by state")
                .labelNames("state")
                .callback(callback -> count(containers.get()).forEach((status, n) ->
                        callback.call(n, status.dockerName())))
                .register(registry);
    }

    /** Zero for every state while the container service is away: a gap would read as "no data". */
    static Map<ContainerInfo.Status, Integer> count(ContainerService service) {
        Map<ContainerInfo.Status, Integer> counts = new EnumMap<>(ContainerInfo.Status.class);
        for (ContainerInfo.Status s : ContainerInfo.Status.values()) {
            counts.put(s, 0);
        }
        List<ContainerInfo> all = service == null ? List.of() : service.list();
        for (ContainerInfo c : all) {
            counts.merge(c.state().status(), 1, Integer::sum);
        }
        return counts;
    }
}
