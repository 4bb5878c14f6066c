package io.wharf.engine;

import io.wharf.api.events.EventBus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes a {@code daemon reload} event for each SIGHUP that wharfd applied: its count in
 * {@link EngineConfiguration#reloads()} went up (wharfd writes the registry configuration before it). It reads
 * two configurations, and a designation names one: it designates none.
 */
@Component(immediate = true, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = {EngineConfiguration.ENGINE_PID, EngineConfiguration.REGISTRY_PID})
public final class ReloadEventsComponent {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus events;
    private int reloads;

    @Activate
    void activate(EngineConfiguration config) {
        reloads = config.reloads();
    }

    @Modified
    void modified(EngineConfiguration config) {
        if (config.reloads() == reloads) {
            return;
        }
        reloads = config.reloads();
        EventBus bus = events;
        if (bus != null) {
            bus.publish(ReloadEvent.of(config));
        }
    }
}
