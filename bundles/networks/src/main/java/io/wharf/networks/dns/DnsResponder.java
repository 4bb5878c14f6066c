package io.wharf.networks.dns;

import io.wharf.networks.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides what to do with one query on one network: answer a known name from the {@link NameTable}, pass an
 * unknown one on to the upstream resolvers, or answer an error. Never throws.
 */
public final class DnsResponder {
    static final int TTL = 600;
    private final NameTable names;
    private final NameTables scope;
    private final boolean forwardUnknown;
    private final ClientSubnet clients;
    /** Rotates the order of multiple addresses (a shared alias) so clients spread over them. */
    private final AtomicInteger rotation = new AtomicInteger();

    /** What to do with a packet. */
    public sealed interface Decision {
    }

    public record Reply(byte[] message) implements Decision {
    }

    /** Send the query, unchanged, to the upstream resolvers and relay their answer. */
    public record Forward(byte[] query) implements Decision {
    }

    public record Drop() implements Decision {
    }

    /** A responder that answers any client. */
    public DnsResponder(NameTable names, boolean forwardUnknown) {
        this(names, forwardUnknown, null);
    }

    /**
     * @param forwardUnknown false on internal networks: containers there get no answers from outside
     * @param clients        the network's subnet: the host routes queries from other networks to this address
     *                       too, and they must not learn this network's names (null: answer everyone)
     */
    public DnsResponder(NameTable names, boolean forwardUnknown, Cidr clients) {
        this(names, null, forwardUnknown, clients == null ? null : ClientSubnet.of(clients));
    }

    /** @param scope every network's names, for the querying container's other networks (null: this one only) */
    public DnsResponder(NameTable names, NameTables scope, boolean forwardUnknown, ClientSubnet clients) {
        this.names = names;
        this.scope = scope;
        this.forwardUnknown = forwardUnknown;
        this.clients = clients;
    }

    public Decision respond(byte[] packet, int length, InetAddress source, boolean tcp) {
        try {
            DnsMessage.Query q = DnsMessage.parse(packet, length);
            if (q == null) {
                return new Drop();
            }
            if (clients != null && !clients.contains(source)) {
                return new Reply(DnsMessage.empty(q, DnsMessage.REFUSED));
            }
            return answer(q, packet, length, source, tcp);
        } catch (DnsMessage.FormatError e) {
            return new Reply(DnsMessage.error(packet, length, e.rcode()));
        } catch (RuntimeException e) {
            // a bug must cost one answer, not the server
            return new Reply(DnsMessage.error(packet, length, DnsMessage.SERVFAIL));
        }
    }

    /** The answer for a query no upstream answered. */
    public byte[] serverFailure(byte[] query) {
        try {
            DnsMessage.Query q = DnsMessage.parse(query, query.length);
            if (q != null) {
                return DnsMessage.empty(q, DnsMessage.SERVFAIL);
            }
        } catch (DnsMessage.FormatError ignored) {
            // fall through to the bare header
        }
        return DnsMessage.error(query, query.length, DnsMessage.SERVFAIL);
    }

    private Decision answer(DnsMessage.Query q, byte[] packet, int length, InetAddress source, boolean tcp) {
        if (q.qclass() == DnsMessage.CLASS_IN && q.type() == DnsMessage.TYPE_PTR && isReverse(q.name())) {
            String target = reverseTarget(q.name());
            if (target != null) {
                return new Reply(DnsMessage.pointer(q, target, TTL));
            }
        } else if (q.qclass() == DnsMessage.CLASS_IN) {
            List<NameTable.Host> hosts = scope == null ? names.lookup(q.name(), source)
                    : scope.lookup(names, q.name(), source);
            if (hosts != null) {
                int limit = tcp ? 65535 : DnsMessage.UDP_LIMIT;
                List<Integer> ipv4 = hosts.stream().map(NameTable.Host::ipv4).filter(Objects::nonNull).toList();
                if ((q.type() == DnsMessage.TYPE_A || q.type() == DnsMessage.TYPE_ANY) && !ipv4.isEmpty()) {
                    return new Reply(DnsMessage.addresses(q, rotate(ipv4), TTL, limit));
                }
                List<byte[]> ipv6 = hosts.stream().map(NameTable.Host::ipv6).filter(Objects::nonNull).toList();
                if (q.type() == DnsMessage.TYPE_AAAA && !ipv6.isEmpty()) {
                    return new Reply(DnsMessage.ipv6Addresses(q, rotate(ipv6), TTL, limit));
                }
                // the name exists, only not with this type (AAAA on IPv4-only networks, A on IPv6-only ones)
                return new Reply(DnsMessage.empty(q, DnsMessage.NOERROR));
            }
        }
        if (!forwardUnknown) {
            return new Reply(DnsMessage.empty(q, DnsMessage.SERVFAIL));
        }
        byte[] query = new byte[length];
        System.arraycopy(packet, 0, query, 0, length);
        return new Forward(query);
    }

    private <T> List<T> rotate(List<T> addresses) {
        if (addresses.size() < 2) {
            return addresses;
        }
        List<T> rotated = new ArrayList<>(addresses);
        Collections.rotate(rotated, Math.floorMod(rotation.getAndIncrement(), rotated.size()));
        return rotated;
    }

    private static boolean isReverse(String name) {
        return name.endsWith(ReverseName.IPV4_SUFFIX) || name.endsWith(ReverseName.IPV6_SUFFIX);
    }

    /** The container name a PTR name points at on this network, or null (then it goes upstream). */
    private String reverseTarget(String name) {
        Integer ipv4 = ReverseName.ipv4(name);
        if (ipv4 != null) {
            return names.reverse(ipv4);
        }
        byte[] ipv6 = ReverseName.ipv6(name);
        return ipv6 == null ? null : names.reverse(ipv6);
    }

}
