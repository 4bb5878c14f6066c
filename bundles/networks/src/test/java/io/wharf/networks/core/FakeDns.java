package io.wharf.networks.core;

import io.wharf.networks.dns.NameTable;
import io.wharf.networks.dns.NetworkDns;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records which networks would have a DNS server, on which address, with which names. */
public final class FakeDns implements NetworkDns {
    public final Map<String, String> serving = new LinkedHashMap<>();
    public final Map<String, NameTable> tables = new LinkedHashMap<>();
    public final Map<String, Boolean> forwarding = new LinkedHashMap<>();
    public final Map<String, String> subnets = new LinkedHashMap<>();

    @Override
    public void serve(String networkId, String gateway, String subnet, NameTable names, boolean forwardUnknown) {
        subnets.put(networkId, subnet);
        serving.put(networkId, gateway);
        tables.put(networkId, names);
        forwarding.put(networkId, forwardUnknown);
    }

    @Override
    public void stop(String networkId) {
        serving.remove(networkId);
    }

    @Override
    public void close() {
        serving.clear();
    }
}
