package io.wharf.networks.core;

/**
 * What the configuration says about the default bridge: {@code bip}, {@code fixed-cidr}, its name, MTU, NAT, and
 * {@code ipv6} with {@code fixed-cidr-v6} (empty: a /64 of the daemon's ULA prefix, as Docker 28 does).
 */
public record DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq,
                                    boolean ipv6, String fixedCidrV6) {
    /** An IPv4-only default bridge. */
    public DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq) {
        this(bip, fixedCidr, bridge, mtu, ipMasq, false, "");
    }
}
