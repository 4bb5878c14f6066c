package io.wharf.networks.dns;

import io.wharf.networks.net.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link NetworkDns} on a {@link DnsServer}: binds each network's gateway address. */
public final class EmbeddedDns implements NetworkDns {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);
    private final DnsServer server;

    public EmbeddedDns(DnsServer server) {
        this.server = server;
    }

    @Override
    public void serve(String networkId, String gateway, String subnet, NameTable names, boolean forwardUnknown) {
        InetAddress address = Upstreams.literal(gateway);
        if (address == null) {
            LOG.warn("network {}: no gateway address to serve DNS on", networkId);
            return;
        }
        try {
            DnsServer.Binding b = server.serve(networkId, address, new DnsResponder(names, forwardUnknown,
                    Cidr.parse(subnet)));
            LOG.debug("network {}: embedded DNS on {} (udp) and {} (tcp)", networkId, b.udp(), b.tcp());
        } catch (IOException e) {
            LOG.warn("network {}: cannot serve DNS on {}: {}; containers will not resolve each other's names",
                    networkId, gateway, e.toString());
        }
    }

    @Override
    public void stop(String networkId) {
        server.stop(networkId);
    }

    @Override
    public void close() {
        server.close();
    }
}
