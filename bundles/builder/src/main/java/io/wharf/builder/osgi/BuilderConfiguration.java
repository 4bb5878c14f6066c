package io.wharf.builder.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the daemon keeps its state (the step cache lives under {@code <data-root>/builder}); needs a restart. */
@ObjectClassDefinition(name = "Wharf builder")
public @interface BuilderConfiguration {
    String PID = "io.wharf.daemon";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";
}
