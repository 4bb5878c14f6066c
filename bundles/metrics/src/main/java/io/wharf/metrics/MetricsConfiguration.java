package io.wharf.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** dockerd's {@code metrics-addr}: the launcher publishes this configuration only when the key is set. */
@ObjectClassDefinition(name = "Wharf metrics endpoint")
public @interface MetricsConfiguration {
    String PID = "io.wharf.metrics";

    @AttributeDefinition(description = "host:port of the Prometheus endpoint (/metrics); loopback addresses only")
    String address() default "";
}
