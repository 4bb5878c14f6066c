package io.wharf.engine;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the daemon configuration that the launcher merged from daemon.json and the command line (framework
 * property {@value #CONFIG_PROPERTY}, already validated there) as a {@link DaemonConfig} service, and the
 * live {@link DaemonSettings}. The launcher hands the configuration it reads again on SIGHUP to the
 * {@code Consumer<String>} registered with {@value #RELOAD_PROPERTY}.
 */
@Component(immediate = true, service = {})
public final class DaemonConfigComponent {
    public static final String CONFIG_PROPERTY = "wharf.config";
    public static final String RELOAD_PROPERTY = "wharf.config.reload";
    private static final Logger LOG = LoggerFactory.getLogger(DaemonConfigComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventBus events;

    private ServiceRegistration<DaemonConfig> registration;
    private ServiceRegistration<DaemonSettings> settingsRegistration;
    private ServiceRegistration<?> reloadRegistration;

    @Activate
    void activate(BundleContext context) throws IOException {
        String json = context.getProperty(CONFIG_PROPERTY);
        Map<String, Object> values = DaemonConfigReader.parse(json == null ? "{}" : json);
        DaemonConfig config = DaemonConfigReader.fromMap(values);
        Files.createDirectories(config.dataRootPath());
        Files.createDirectories(config.execRootPath());
        LiveDaemonSettings settings = new LiveDaemonSettings(values);
        registration = context.registerService(DaemonConfig.class, config, null);
        settingsRegistration = context.registerService(DaemonSettings.class, settings, null);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RELOAD_PROPERTY, "true");
        Consumer<String> reload = text -> reload(settings, text);
        reloadRegistration = context.registerService(Consumer.class.getName(), reload, props);
    }

    private void reload(LiveDaemonSettings settings, String json) {
        try {
            LiveDaemonSettings.Reload r = settings.reload(json);
            LOG.info("configuration reloaded: changed {}{}", r.applied().isEmpty() ? "nothing" : r.applied(),
                    r.needRestart().isEmpty() ? "" : "; " + r.needRestart() + " take effect after a restart");
            EventBus bus = events;
            if (bus != null) {
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("labels", String.valueOf(r.config().labels() == null ? "[]" : r.config().labels()));
                attributes.put("debug", String.valueOf(Boolean.TRUE.equals(r.config().debug())));
                attributes.put("registry-mirrors", String.valueOf(r.config().registryMirrors() == null ? "[]"
                        : r.config().registryMirrors()));
                attributes.put("insecure-registries", String.valueOf(r.config().insecureRegistries() == null
                        ? "[]" : r.config().insecureRegistries()));
                bus.publish(Event.now("daemon", "reload", "", attributes));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("configuration reload failed, keeping the current configuration: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        reloadRegistration.unregister();
        settingsRegistration.unregister();
        registration.unregister();
    }
}
