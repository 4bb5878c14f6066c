package io.wharf.network.bridge;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What the bridge driver reads of the networking configuration. Changes need a restart. */
@ObjectClassDefinition(name = "Wharf bridge driver")
public @interface BridgeConfiguration {
    String PID = "io.wharf.network";

    @AttributeDefinition(description = "daemon.json exec-root")
    String execRoot() default "/run/wharf";

    int mtu() default 1500;

    @AttributeDefinition(description = "whether the driver writes nftables rules (NAT, published ports)")
    boolean iptables() default true;

    boolean ipMasq() default true;

    @AttributeDefinition(description = "daemon.json ip-forward: whether the driver enables net.ipv4.ip_forward")
    boolean ipForward() default true;
}
