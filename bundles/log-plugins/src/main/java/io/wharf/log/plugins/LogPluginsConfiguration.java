package io.wharf.log.plugins;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the daemon keeps its runtime state: the FIFOs of log plugins go under it. */
@ObjectClassDefinition(name = "Wharf log plugins")
public @interface LogPluginsConfiguration {
    String PID = "io.wharf.daemon";

    @AttributeDefinition(description = "daemon.json exec-root")
    String execRoot() default "/run/wharf";
}
