package io.wharf.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The API listeners: {@code hosts}, TLS, CORS and the socket's group. Changes need a restart. */
@ObjectClassDefinition(name = "Wharf API listeners")
public @interface ApiConfiguration {
    String PID = "io.wharf.api";

    @AttributeDefinition(description = "daemon.json hosts")
    String[] hosts() default "unix:///run/wharf/wharf.sock";

    boolean tls() default false;

    boolean tlsVerify() default false;

    /** Empty when not set, as for every path and name below. */
    String tlsCaCert() default "";

    String tlsCert() default "";

    String tlsKey() default "";

    String apiCorsHeader() default "";

    String group() default "";
}
