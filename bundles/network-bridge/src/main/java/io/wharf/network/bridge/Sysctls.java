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

    /**
     * Lets the host's 127.0.0.1 be DNATed to a container behind this bridge (published ports on loopback). It would
     * also let a container's packets for 127.0.0.0/8 in: the table's raw-prerouting chain drops those.
     */
    void enableRouteLocalnet(String bridge) throws IOException {
        ensure(root.resolve("net/ipv4/conf").resolve(bridge).resolve("route_localnet"));
    }

    /**
     * Makes bridged traffic (container to container on one bridge) go through the IPv4 forward hook, where the
     * icc=false rule sees it. Only exists when br_netfilter is loaded; without it there is nothing to enable.
     */
    void enableBridgeNetfilter() throws IOException {
        Path setting = root.resolve("net/bridge/bridge-nf-call-iptables");
        if (Files.exists(setting)) {
            ensure(setting);
        }
    }

    /** Writes 1 unless it is set already: reading is cheaper and does not need write access. */
    private static void ensure(Path setting) throws IOException {
        if (!Files.readString(setting, StandardCharsets.US_ASCII).trim().equals("1")) {
            Files.writeString(setting, "1\n", StandardCharsets.US_ASCII);
        }
    }
}
