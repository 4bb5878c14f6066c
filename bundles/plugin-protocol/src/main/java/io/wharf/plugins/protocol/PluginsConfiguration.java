package io.wharf.plugins.protocol;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where legacy plugins are looked for (dockerd's fixed paths by default) and how long activation may retry. */
@ObjectClassDefinition(name = "Wharf legacy plugins")
public @interface PluginsConfiguration {
    String PID = "io.wharf.plugins";

    @AttributeDefinition(description = "directory of plugin sockets: NAME.sock or NAME/NAME.sock")
    String socketsDir() default "/run/docker/plugins";

    @AttributeDefinition(description = "directories of NAME.spec and NAME.json files")
    String[] specDirs() default {"/etc/docker/plugins", "/usr/lib/docker/plugins"};

    @AttributeDefinition(description = "how long a call retries a plugin that cannot be reached, as dockerd's 30 s")
    int retrySeconds() default 30;
}
