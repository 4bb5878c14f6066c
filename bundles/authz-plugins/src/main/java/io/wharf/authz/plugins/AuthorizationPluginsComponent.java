package io.wharf.authz.plugins;

import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.rest.RequestAuthorizer;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the chain of the configured authorization plugins for the REST bundle to consult; it is the chain. */
@Component(service = RequestAuthorizer.class, configurationPid = AuthorizationConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AuthorizationConfiguration.class)
public final class AuthorizationPluginsComponent extends AuthorizationPlugins {
    @Activate
    public AuthorizationPluginsComponent(AuthorizationConfiguration config, @Reference LegacyPlugins plugins) {
        super(plugins, List.of(config.authorizationPlugins()));
    }

    @Modified
    void modified(AuthorizationConfiguration config) {
        use(List.of(config.authorizationPlugins()));
    }
}
