package io.wharf.network.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel settings the bridge driver needs, written under {@code /proc/sys}. */
final class Sysctls {
    static final Path PROC_SYS = Path.of("/proc/sys");
    private final Path root;
    private final boolean ipForward;

    Sysctls(Path root) {
        this(root, true);
    }

    /** @param ipForward daemon.json ip-forward: false leaves net.ipv4.ip_forward to the host's administrator */
    Sysctls(Path root, boolean ipForward) {
        this.root = root;
        this.ipForward = ipForward;
    }

    /** Routing between the bridges and the outside world. */
    void enableIpForwarding() throws IOException {
        if (ipForward) {
            ensure(root.resolve("net/ipv4/ip_forward"));
        }
    }

    /** Routing IPv6 between dual-stack bridges and the outside world, as dockerd sets it for them. */
    void enableIpv6Forwarding() throws IOException {
        ensure(root.resolve("net/ipv6/conf/all/forwarding"));
    }

    /** A dual-stack network's bridge needs IPv6 on, whatever the host's default for new interfaces is. */
    void enableIpv6(String bridge) throws IOException {
        set(root.resolve("net/ipv6/conf").resolve(bridge).resolve("disable_ipv6"), "0");
    }

    /**
     * Lets the host's 127.0.0.1 be DNATed to a container behind this bridge (published ports on loopback). It would
     * also let a container's packets for 127.0.0.0/8 in: the table's raw-prerouting chain drops those.
     */
    void enableRouteLocalnet(String bridge) throws IOException {
        ensure(root.resolve("net/ipv4/conf").resolve(bridge).resolve("route_localnet"));
    }

    /**
     * Makes bridged traffic (container to container on one bridge) go through the forward hooks, where the
     * icc=false rule sees it. Only exists when br_netfilter is loaded; without it there is nothing to enable.
     */
    void enableBridgeNetfilter() throws IOException {
        for (String family : new String[] {"iptables", "ip6tables"}) {
            Path setting = root.resolve("net/bridge/bridge-nf-call-" + family);
            if (Files.exists(setting)) {
                ensure(setting);
            }
        }
    }

    private static void ensure(Path setting) throws IOException {
        set(setting, "1");
    }

    /** Writes the value unless it is set already: reading is cheaper and does not need write access. */
    private static void set(Path setting, String value) throws IOException {
        if (!Files.readString(setting, StandardCharsets.US_ASCII).trim().equals(value)) {
            Files.writeString(setting, value + "\n", StandardCharsets.US_ASCII);
        }
    }
}
