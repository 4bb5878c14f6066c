package io.wharf.networks.core;

import io.wharf.networks.dns.NetworkDns;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Ipv6;
import io.wharf.networks.store.EndpointRecord;
import io.wharf.networks.store.NetworkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Feeds the embedded DNS: the names of a network's endpoints, and a server on the gateway of each network with DNS. */
final class NetworkNames {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNames.class);
    private final NetworkDns dns;

    NetworkNames(NetworkDns dns) {
        this.dns = dns;
    }

    /** A name that cannot be registered costs the endpoint its DNS entry, not its connection. */
    void register(NetworkState n, EndpointRecord e) {
        if (n.hasDns() && (e.ipv4Address() != null || e.ipv6Address() != null)) {
            try {
                byte[] ipv6 = e.ipv6Address() == null ? null : Ipv6.toBytes(Ipv6.parse(e.ipv6Address()));
                n.names.add(e.id(), e.ipv4Address() == null ? null : Ipv4.parse(e.ipv4Address()), ipv6,
                        EndpointNames.dnsNames(e.containerName(), e.containerId(), e.aliases()),
                        EndpointNames.links(e.links()));
            } catch (RuntimeException ex) {
                LOG.warn("endpoint {}: cannot register its DNS names: {}", e.id(), ex.getMessage());
            }
        }
    }

    void unregister(NetworkState n, EndpointRecord e) {
        n.names.remove(e.id());
    }

    /** Starts the network's server if it has DNS. */
    void serve(NetworkState n) {
        if (!n.hasDns()) {
            return;
        }
        NetworkRecord r = n.record();
        dns.serve(r.id(), n.dnsAddress(), n.dnsSubnet(), n.names, !r.internal());
    }

    void stop(String networkId) {
        dns.stop(networkId);
    }

    void closeAll() {
        dns.close();
    }
}
