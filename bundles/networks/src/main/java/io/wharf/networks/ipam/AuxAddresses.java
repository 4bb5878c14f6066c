package io.wharf.networks.ipam;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.networks.net.Cidr;
import io.wharf.networks.net.Ipv4;
import io.wharf.support.Cidr6;
import io.wharf.support.Ipv6;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code docker network create --aux-address NAME=IP}: addresses of the subnet that belong to devices outside
 * Wharf (a router, a NAS), which IPAM must never hand to a container. Each family's addresses go to that
 * family's subnet (the CLI files each under the subnet that holds it). Checked as dockerd's IPAM does, with its
 * messages (which dockerd 20.10 answers with status 500; here they are the client's error, 400 or 403).
 */
public final class AuxAddresses {
    private AuxAddresses() {
    }

    /** The IPv4 plan with the IPv4 auxiliary addresses reserved in it. */
    public static SubnetPlan reserve(String network, Map<String, String> requested, SubnetPlan plan) {
        Map<String, String> wanted = family(requested, false);
        if (wanted.isEmpty()) {
            return plan;
        }
        requireSubnet(plan != null && plan.userConfigured());
        Cidr subnet = plan.subnet();
        return plan.withAuxAddresses(check(network, wanted, subnet.toString(), plan.gateway(),
                text -> Ipv4.isValid(text) ? Ipv4.parse(text) : null, subnet::contains,
                address -> address == subnet.network() || address == subnet.last()));
    }

    /** The IPv6 plan with the IPv6 auxiliary addresses reserved in it; no broadcast address in IPv6. */
    public static Ipv6Plan reserve6(String network, Map<String, String> requested, Ipv6Plan plan) {
        Map<String, String> wanted = family(requested, true);
        if (wanted.isEmpty()) {
            return plan;
        }
        requireSubnet(plan != null && plan.userConfigured());
        Cidr6 subnet = plan.subnet();
        return plan.withAuxAddresses(check(network, wanted, subnet.toString(), plan.gateway(),
                text -> Ipv6.isValid(text) ? Ipv6.parse(text) : null, subnet::contains,
                address -> address.equals(subnet.network())));
    }

    /** The entries of one family (an IPv6 literal has a colon); what parses as neither is checked with IPv4. */
    private static Map<String, String> family(Map<String, String> requested, boolean ipv6) {
        Map<String, String> wanted = new TreeMap<>();
        if (requested != null) {
            requested.forEach((name, value) -> {
                String text = value == null ? "" : value.trim();
                if (text.contains(":") == ipv6) {
                    wanted.put(name, text);
                }
            });
        }
        return wanted;
    }

    private static void requireSubnet(boolean userConfigured) {
        if (!userConfigured) {
            throw EngineException.invalid("invalid network config:\nan auxiliary address needs a subnet (--subnet)");
        }
    }

    private static <A> Map<String, A> check(String network, Map<String, String> wanted, String subnet, A gateway,
                                            Function<String, A> parse, Predicate<A> inSubnet,
                                            Predicate<A> reservedByTheSubnet) {
        Map<String, A> reserved = new TreeMap<>();
        Set<A> taken = new HashSet<>(Set.of(gateway));
        wanted.forEach((name, value) -> {
            A address = parse.apply(value);
            if (address == null) {
                throw EngineException.invalid("non parsable secondary ip address (%s:%s) passed for network %s",
                        name, value, network);
            }
            if (!inSubnet.test(address)) {
                throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                        "auxiliary address: (%s:%s) must belong to the master pool: %s", name, value, subnet));
            }
            if (reservedByTheSubnet.test(address) || !taken.add(address)) {
                throw new EngineException(ErrorKind.FORBIDDEN, String.format(
                        "failed to allocate secondary ip address (%s:%s): Address already in use", name, value));
            }
            reserved.put(name, address);
        });
        return reserved;
    }
}
