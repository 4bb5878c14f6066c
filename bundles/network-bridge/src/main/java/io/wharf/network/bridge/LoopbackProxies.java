package io.wharf.network.bridge;

import io.wharf.api.network.EndpointSpec.PortBinding;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP and UDP ports published on the host's IPv6 loopback, served in user space as dockerd's docker-proxy serves them:
 * the kernel never routes a packet with source ::1 out of the loopback interface, so no DNAT can take it to a
 * container. A port bound on {@code [::1]} explicitly is proxied for any endpoint (to its IPv6 address, else its
 * IPv4 one); a port published on every address ({@code -p 8080:80}, or {@code [::]}) is proxied on [::1] for
 * endpoints of dual-stack networks, whose other IPv6 addresses the nft table serves. Synced from the driver's
 * state as the nft table is: listeners open and close to match it.
 */
final class LoopbackProxies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackProxies.class);
    /** What docker-proxy serves too; SCTP on [::1] is refused when the endpoint is made. */
    private static final Set<String> SERVED = Set.of("tcp", "udp");
    private final Map<Forward, AutoCloseable> open = new HashMap<>();

    /** One listener: protocol and host port on [::1], and where its connections or datagrams go. */
    record Forward(String protocol, int hostPort, String targetAddress, int targetPort) {
    }

    /** The listeners the state needs, by forward; what is open and not needed any more closes. */
    synchronized void sync(Supplier<DriverState.Snapshot> state) throws IOException {
        Map<Forward, Boolean> wanted = new LinkedHashMap<>();
        for (Endpoint endpoint : state.get().endpoints()) {
            for (PortBinding port : endpoint.ports()) {
                Forward f = forward(endpoint, port);
                if (f != null) {
                    wanted.put(f, Boolean.TRUE);
                }
            }
        }
        open.entrySet().removeIf(e -> {
            if (!wanted.containsKey(e.getKey())) {
                closeQuietly(e.getValue());
                return true;
            }
            return false;
        });
        IOException failure = null;
        for (Forward f : wanted.keySet()) {
            if (!open.containsKey(f)) {
                try {
                    open.put(f, start(f));
                } catch (IOException e) {
                    LOG.warn("cannot publish [::1]:{}: {}", f.hostPort(), e.getMessage());
                    IOException described = new IOException("driver failed programming external connectivity: "
                            + "Bind for [::1]:" + f.hostPort() + " failed: " + e.getMessage(), e);
                    failure = failure == null ? described : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** What a binding needs on [::1], or null. */
    static Forward forward(Endpoint endpoint, PortBinding port) {
        if (!SERVED.contains(port.protocol())) {
            return null;
        }
        String hostIp = port.hostIp();
        boolean wanted = hostIp.equals(Endpoint.LOOPBACK6)
                || endpoint.hasIpv6() && (hostIp.isEmpty() || hostIp.equals("::"));
        if (!wanted) {
            return null;
        }
        String target = endpoint.hasIpv6() ? endpoint.ipv6Address() : endpoint.ipv4Address();
        return new Forward(port.protocol(), port.hostPort(), target, port.containerPort());
    }

    private static AutoCloseable start(Forward f) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"), f.hostPort());
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(f.targetAddress()), f.targetPort());
        return f.protocol().equals("udp") ? UdpProxy.start(address, target)
                : TcpProxy.start(new ServerSocket(), address, target);
    }

    synchronized int size() {
        return open.size();
    }

    @Override
    public synchronized void close() {
        open.values().forEach(LoopbackProxies::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(AutoCloseable proxy) {
        try {
            proxy.close();
        } catch (Exception e) {
            LOG.debug("closing a [::1] proxy: {}", e.getMessage());
        }
    }
}
