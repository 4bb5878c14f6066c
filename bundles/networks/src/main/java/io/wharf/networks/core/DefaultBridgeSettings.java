package io.wharf.networks.core;

/**
 * What the configuration says about the default bridge: {@code bip}, {@code fixed-cidr}, its name, MTU, NAT,
 * {@code icc} (whether its containers may talk to each other), {@code ip} (the host address of ports published
 * without one), and {@code ipv6} with {@code fixed-cidr-v6} (empty: a /64 of the daemon's ULA prefix, as Docker 28
 * does).
 */
public record DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq,
                                    boolean icc, String hostBindingIp, boolean ipv6, String fixedCidrV6) {
    /** An IPv4-only default bridge with inter-container traffic allowed and ports on all addresses (dockerd's). */
    public DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq) {
        this(bip, fixedCidr, bridge, mtu, ipMasq, true, "0.0.0.0", false, "");
    }

    /** An IPv4-only default bridge. */
    public DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq,
                                 boolean icc, String hostBindingIp) {
        this(bip, fixedCidr, bridge, mtu, ipMasq, icc, hostBindingIp, false, "");
    }

    /** Inter-container traffic allowed and ports on all addresses (dockerd's), with or without IPv6. */
    public static DefaultBridgeSettings dualStack(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq,
                                                  boolean ipv6, String fixedCidrV6) {
        return new DefaultBridgeSettings(bip, fixedCidr, bridge, mtu, ipMasq, true, "0.0.0.0", ipv6, fixedCidrV6);
    }
}
