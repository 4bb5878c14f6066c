package io.wharf.authz.plugins;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** dockerd's {@code authorization-plugins}, in the order they are asked. */
@ObjectClassDefinition(name = "Wharf authorization plugins")
public @interface AuthorizationConfiguration {
    String PID = "io.wharf.plugins";

    @AttributeDefinition(description = "daemon.json authorization-plugins / --authorization-plugin")
    String[] authorizationPlugins() default {};
}
