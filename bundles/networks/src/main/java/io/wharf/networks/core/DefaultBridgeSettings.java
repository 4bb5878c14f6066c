package io.wharf.networks.core;

/** What the configuration says about the default bridge: {@code bip}, {@code fixed-cidr}, its name, MTU, NAT. */
public record DefaultBridgeSettings(String bip, String fixedCidr, String bridge, int mtu, boolean ipMasq) {
}
