package io.wharf.networks.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What the network service reads: the default bridge, address pools and DNS. Changes need a restart. */
@ObjectClassDefinition(name = "Wharf networking")
public @interface NetworkConfiguration {
    String PID = "io.wharf.network";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    /** The default bridge's address and prefix; empty lets the address pools choose. */
    String bip() default "";

    @AttributeDefinition(description = "daemon.json default-address-pools, each as dockerd's flag writes it: "
            + "base=10.10.0.0/16,size=24")
    String[] defaultAddressPools() default {};

    @AttributeDefinition(description = "the default bridge's Linux interface name (dockerd's is docker0)")
    String bridge() default "wharf0";

    String fixedCidr() default "";

    @AttributeDefinition(description = "daemon.json ipv6: the default bridge is dual-stack (off, as with Docker)")
    boolean ipv6() default false;

    @AttributeDefinition(description = "the default bridge's IPv6 subnet; empty takes a /64 of the ULA prefix")
    String fixedCidrV6() default "";

    int mtu() default 1500;

    boolean ipMasq() default true;

    @AttributeDefinition(description = "daemon.json icc: whether containers on the default bridge may talk to "
            + "each other")
    boolean icc() default true;

    @AttributeDefinition(description = "daemon.json ip: the host address of ports published on the default bridge "
            + "without one")
    String ip() default "0.0.0.0";

    @AttributeDefinition(description = "upstream DNS servers; empty uses the host's")
    String[] dns() default {};
}
