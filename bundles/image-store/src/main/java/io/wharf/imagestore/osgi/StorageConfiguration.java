package io.wharf.imagestore.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The image store's storage driver. Changes need a restart. */
@ObjectClassDefinition(name = "Wharf storage")
public @interface StorageConfiguration {
    String PID = "io.wharf.storage";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    @AttributeDefinition(description = "daemon.json storage-driver; empty picks the first usable driver")
    String storageDriver() default "";

    @AttributeDefinition(description = "daemon.json storage-opts")
    String[] storageOpts() default {};
}
