package io.wharf.networks.core;

/**
 * What the configuration says about the default bridge: {@code bip}, {@code fixed-cidr}, its name, MTU, NAT, and
 * {@code icc} (whether its containers may talk to each other) and {@code ip} (the host address of ports published
 * without one).
 */
public record DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq,
                                    boolean icc, String hostBindingIp) {
    /** With inter-container traffic allowed and ports published on all addresses, dockerd's defaults. */
    public DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq) {
        this(bip, fixedCidr, bridge, mtu, ipMasq, true, "0.0.0.0");
    }
}
