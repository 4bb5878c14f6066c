package io.wharf.volumes.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the daemon keeps its state; changes need a restart. */
@ObjectClassDefinition(name = "Wharf volumes")
public @interface VolumesConfiguration {
    String PID = "io.wharf.daemon";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";
}
