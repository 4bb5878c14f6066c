package io.wharf.authz.plugins;

import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.plugin.manager.PluginManager;
import io.wharf.api.rest.RequestAuthorizer;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the chain of the configured authorization plugins for the REST bundle to consult; it is the chain. */
@Component(service = RequestAuthorizer.class, configurationPid = AuthorizationConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AuthorizationConfiguration.class)
public final class AuthorizationPluginsComponent extends AuthorizationPlugins {
    /** How long a request waits after a start for the plugin manager to restore a managed plugin. */
    private static final long RESTORE_WAIT_MILLIS = 60_000;

    private final RestoredPlugins restored;

    @Activate
    public AuthorizationPluginsComponent(AuthorizationConfiguration config, @Reference LegacyPlugins plugins) {
        this(config, plugins, new RestoredPlugins());
    }

    private AuthorizationPluginsComponent(AuthorizationConfiguration config, LegacyPlugins plugins,
                                          RestoredPlugins restored) {
        super(plugins, List.of(config.authorizationPlugins()), restored, RESTORE_WAIT_MILLIS);
        this.restored = restored;
    }

    /** Registered once the plugin manager has restored the managed plugins (absent: nothing to wait for). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindManager(PluginManager manager) {
        restored.restored(true);
    }

    void unbindManager(PluginManager manager) {
        restored.restored(false);
    }

    @Modified
    void modified(AuthorizationConfiguration config) {
        use(List.of(config.authorizationPlugins()));
    }
}
