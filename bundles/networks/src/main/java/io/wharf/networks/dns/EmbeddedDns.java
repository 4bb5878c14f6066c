package io.wharf.networks.dns;

import java.io.IOException;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NetworkDns} on a {@link DnsServer}: binds each network's gateway address; each answers its network's
 * names and, to a container on several networks, those of its other networks too ({@link NameTables}).
 */
public final class EmbeddedDns implements NetworkDns {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDns.class);
    private final DnsServer server;
    private final NameTables tables = new NameTables();

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
        tables.put(networkId, names);
        try {
            DnsServer.Binding b = server.serve(networkId, address, new DnsResponder(names, tables, forwardUnknown,
                    ClientSubnet.parse(subnet)));
            LOG.debug("network {}: embedded DNS on {} (udp) and {} (tcp)", networkId, b.udp(), b.tcp());
        } catch (IOException e) {
            LOG.warn("network {}: cannot serve DNS on {}: {}; containers will not resolve each other's names",
                    networkId, gateway, e.toString());
        }
    }

    @Override
    public void stop(String networkId) {
        tables.remove(networkId);
        server.stop(networkId);
    }

    @Override
    public void close() {
        server.close();
    }
}
