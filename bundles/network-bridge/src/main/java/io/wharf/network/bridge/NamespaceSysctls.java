package io.wharf.network.bridge;

import java.util.List;

/**
 * The IPv6 settings of a container's interface, written inside its network namespace (a process sees the
 * {@code /proc/sys/net} of its own namespace) by the shell that then runs the namespace's ip batch, so a join
 * still costs one process. As with Docker: an interface on a dual-stack network has IPv6 enabled and ignores
 * router advertisements (its address and routes come from the network); so has one given IPv6
 * {@code --link-local-ip} addresses, which need it to hold them; on an IPv4-only network it has IPv6 disabled
 * otherwise, so it gets no link-local address either.
 */
final class NamespaceSysctls {
    private NamespaceSysctls() {
    }

    /** {@code sh -c} arguments that apply the settings, then exec {@code ip -batch -}. */
    static List<String> shellThenIp(Endpoint endpoint, String ip) {
        return List.of("/bin/sh", "-c", script(endpoint) + "exec " + ip + " -batch -");
    }

    static String script(Endpoint endpoint) {
        String conf = "/proc/sys/net/ipv6/conf/" + endpoint.interfaceName(); // names are validated: no quoting
        if (endpoint.usesIpv6()) {
            return "echo 0 > " + conf + "/disable_ipv6 && echo 0 > " + conf + "/accept_ra && ";
        }
        // a kernel booted without IPv6 has no such directory, which is fine for an IPv4-only endpoint
        return "if [ -d " + conf + " ]; then echo 1 > " + conf + "/disable_ipv6 || exit 1; fi; ";
    }
}
