package io.wharf.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wharf.api.container.ContainerService;
import io.wharf.api.events.EventBus;
import io.wharf.api.metrics.EngineMetrics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dockerd's {@code metrics-addr}: active only when the launcher publishes that configuration. Offers the
 * {@link EngineMetrics} service the API, registry and containers bundles report to, counts events, and serves
 * everything (with the JVM's own metrics) on the configured loopback address.
 */
@Component(service = EngineMetrics.class, configurationPid = MetricsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MetricsConfiguration.class)
public final class MetricsComponent implements EngineMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerService containers;

    private final EngineMeters meters;
    private final MetricsEndpoint endpoint;
    private AutoCloseable eventSubscription;
    private EventBus subscribedBus;

    @Activate
    public MetricsComponent(MetricsConfiguration config) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        meters = new EngineMeters(registry);
        ContainerStates.register(registry, () -> containers);
        JvmMetrics.builder().register(registry);
        endpoint = new MetricsEndpoint(MetricsAddress.parse(config.address()), registry);
        LOG.info("metrics served on {} (port {})", config.address(), endpoint.port());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindEvents(EventBus bus) {
        closeSubscription();
        eventSubscription = bus.subscribe(meters::event);
        subscribedBus = bus;
    }

    /** A greedy replacement binds the new bus before unbinding the old: only the old one's subscription goes. */
    synchronized void unbindEvents(EventBus bus) {
        if (bus == subscribedBus) {
            closeSubscription();
        }
    }

    private void closeSubscription() {
        if (eventSubscription != null) {
            try {
                eventSubscription.close();
            } catch (Exception e) {
                LOG.debug("closing the event subscription: {}", e.toString());
            }
            eventSubscription = null;
            subscribedBus = null;
        }
    }

    @Deactivate
    synchronized void deactivate() throws Exception {
        closeSubscription();
        endpoint.close();
    }

    @Override
    public void apiRequest(String method, String route, int status, long durationNanos) {
        meters.apiRequest(method, route, status, durationNanos);
    }

    @Override
    public void imageTransfer(Transfer transfer, boolean succeeded, long bytes) {
        meters.imageTransfer(transfer, succeeded, bytes);
    }

    @Override
    public void healthCheck(boolean passed) {
        meters.healthCheck(passed);
    }
}
