package io.wharf.registry.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Pulling and pushing. Mirrors and insecure registries change live on SIGHUP. */
@ObjectClassDefinition(name = "Wharf registries")
public @interface RegistryConfiguration {
    String PID = "io.wharf.registry";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    String[] registryMirrors() default {};

    String[] insecureRegistries() default {};

    int maxConcurrentDownloads() default 3;

    int maxConcurrentUploads() default 5;
}
