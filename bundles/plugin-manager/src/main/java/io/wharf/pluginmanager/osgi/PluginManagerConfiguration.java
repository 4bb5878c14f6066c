package io.wharf.pluginmanager.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys the plugin manager reads, merged from the registry configuration (where state lives, which registries
 * are insecure) and the runtime's (its exec root, where Docker plugins' sockets are).
 */
@ObjectClassDefinition(name = "Wharf plugin manager")
public @interface PluginManagerConfiguration {
    String PID = "io.wharf.registry";
    String RUNTIME_PID = "io.wharf.runtime";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    @AttributeDefinition(description = "daemon.json exec-root: Docker plugins' sockets are under plugins/")
    String execRoot() default "/run/wharf";

    @AttributeDefinition(description = "daemon.json insecure-registries (host[:port] entries apply to plugins)")
    String[] insecureRegistries() default {};
}
