package io.wharf.network.bridge;

import io.wharf.linux.NetworkNamespaceThread;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The IPv6 settings of a container's interface, written from a thread that joined its network namespace (a
 * thread sees the {@code /proc/sys/net} of its own namespace), before the namespace's ip batch brings the
 * interface up, so a join starts no process for them. As with Docker: an interface on a dual-stack network has
 * IPv6 enabled and ignores router advertisements (its address and routes come from the network); so has one
 * given IPv6 {@code --link-local-ip} addresses, which need it to hold them; on an IPv4-only network it has IPv6
 * disabled otherwise, so it gets no link-local address either.
 */
final class NamespaceSysctls {
    /** Runs work inside a network namespace; a seam so that tests need no root. */
    @FunctionalInterface
    interface NamespaceRunner {
        void run(String namespacePath, NetworkNamespaceThread.Work work) throws IOException;
    }

    static final NamespaceRunner JOIN_ON_NEW_THREAD = (path, work) -> NetworkNamespaceThread.run(Path.of(path), work);

    private final Path procSys;
    private final NamespaceRunner namespaces;

    /** @param procSys {@code /proc/sys} as a thread in the container's namespace sees it */
    NamespaceSysctls(Path procSys, NamespaceRunner namespaces) {
        this.procSys = procSys;
        this.namespaces = namespaces;
    }

    void apply(Endpoint endpoint) throws IOException {
        namespaces.run(endpoint.sandboxPath(), () -> write(endpoint));
    }

    private void write(Endpoint endpoint) throws IOException {
        Path conf = procSys.resolve("net/ipv6/conf").resolve(endpoint.interfaceName());
        if (endpoint.usesIpv6()) {
            set(conf.resolve("disable_ipv6"), "0");
            set(conf.resolve("accept_ra"), "0");
        } else if (Files.isDirectory(conf)) {
            // a kernel booted without IPv6 has no such directory, which is fine for an IPv4-only endpoint
            set(conf.resolve("disable_ipv6"), "1");
        }
    }

    private static void set(Path setting, String value) throws IOException {
        Files.writeString(setting, value + "\n", StandardCharsets.US_ASCII);
    }
}
