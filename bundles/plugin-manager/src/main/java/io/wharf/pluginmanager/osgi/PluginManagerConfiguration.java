package io.wharf.pluginmanager.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The registry configuration's keys the plugin manager reads: where state lives, which registries are insecure. */
@ObjectClassDefinition(name = "Wharf plugin manager")
public @interface PluginManagerConfiguration {
    String PID = "io.wharf.registry";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    @AttributeDefinition(description = "daemon.json insecure-registries (host[:port] entries apply to plugins)")
    String[] insecureRegistries() default {};
}
