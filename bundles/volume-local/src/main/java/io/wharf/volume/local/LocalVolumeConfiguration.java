package io.wharf.volume.local;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the daemon keeps its state; changes need a restart. */
@ObjectClassDefinition(name = "Wharf local volume driver")
public @interface LocalVolumeConfiguration {
    String PID = "io.wharf.daemon";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";
}
