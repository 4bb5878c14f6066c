package io.wharf.builder.osgi;

import io.wharf.builder.remote.HttpDownloads;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where the daemon keeps its state (the step cache lives under {@code <data-root>/builder}) and the download limit;
 * needs a restart.
 */
@ObjectClassDefinition(name = "Wharf builder")
public @interface BuilderConfiguration {
    String PID = "io.wharf.daemon";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    @AttributeDefinition(description = "the most bytes one download of the builder (ADD <url>, a remote context) "
            + "may bring; a larger one fails the build")
    long builderMaxDownloadBytes() default HttpDownloads.DEFAULT_MAX_BYTES;
}
