package io.wharf.networks.ipam;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code docker network create --aux-address NAME=IP}: addresses of the subnet that belong to devices outside
 * Wharf (a router, a NAS), which IPAM must never hand to a container. Checked as dockerd's IPAM does, with its
 * messages (which dockerd 20.10 answers with status 500; here they are the client's error, 400 or 403).
 */
public final class AuxAddresses {
    private AuxAddresses() {
    }

    /** The plan with the auxiliary addresses reserved in it. */
    public static SubnetPlan reserve(String network, Map<String, String> requested, SubnetPlan plan) {
        if (requested == null || requested.isEmpty()) {
            return plan;
        }
        if (plan == null || !plan.userConfigured()) {
            throw EngineException.invalid("invalid network config:\nan auxiliary address needs a subnet (--subnet)");
        }
        Cidr subnet = plan.subnet();
        Map<String, Integer> reserved = new TreeMap<>();
        Set<Integer> taken = new HashSet<>(Set.of(plan.gateway()));
        for (Map.Entry<String, String> aux : new TreeMap<>(requested).entrySet()) {
            String value = aux.getValue() == null ? "" : aux.getValue().trim();
            if (!Ipv4.isValid(value)) {
                throw EngineException.invalid("non parsable secondary ip address (%s:%s) passed for network %s",
                        aux.getKey(), aux.getValue(), network);
            }
            int address = Ipv4.parse(value);
            if (!subnet.contains(address)) {
                throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                        "auxiliary address: (%s:%s) must belong to the master pool: %s", aux.getKey(), value, subnet));
            }
            if (address == subnet.network() || address == subnet.last() || !taken.add(address)) {
                throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                        "failed to allocate secondary ip address (%s:%s): Address already in use", aux.getKey(),
                        value));
            }
            reserved.put(aux.getKey(), address);
        }
        return plan.withAuxAddresses(reserved);
    }
}
