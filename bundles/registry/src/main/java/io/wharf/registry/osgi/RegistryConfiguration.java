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

    @AttributeDefinition(description = "daemon.json max-download-attempts: tries of a broken layer download")
    int maxDownloadAttempts() default 5;

    @AttributeDefinition(description = "daemon.json proxies.http-proxy: for registries reached over http")
    String httpProxy() default "";

    @AttributeDefinition(description = "daemon.json proxies.https-proxy: for registries reached over https")
    String httpsProxy() default "";

    @AttributeDefinition(description = "daemon.json proxies.no-proxy: registries reached directly")
    String noProxy() default "";
}
