package io.wharf.containers.lifecycle;

import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Legacy --link NAME[:ALIAS]: on the default bridge, /etc/hosts entries for the linked container; on
 * user-defined networks, aliases the embedded DNS answers only to the linking container. On the default bridge
 * the linking container's environment describes each target too ({@link LinkEnvironment}).
 */
final class Links {
    record Link(String target, String alias) {
    }

    private Links() {
    }

    static List<Link> parse(List<String> links) {
        List<Link> result = new ArrayList<>();
        if (links == null) {
            return result;
        }
        for (String spec : links) {
            String[] parts = spec.split(":", 2);
            String target = strip(parts[0]);
            String alias = parts.length == 2 ? strip(parts[1]) : target;
            int slash = alias.lastIndexOf('/'); // moby stores "/target:/self/alias"
            if (slash >= 0) {
                alias = alias.substring(slash + 1);
            }
            if (!target.isEmpty()) {
                result.add(new Link(target, alias.isEmpty() ? target : alias));
            }
        }
        return result;
    }

    /** "container:alias" pairs for the network service, with the target's current name. */
    static List<String> dnsEntries(List<Link> links, ContainerIndex index) {
        List<String> result = new ArrayList<>();
        for (Link l : links) {
            Container target = index.find(l.target());
            if (target != null) {
                result.add(strip(target.name()) + ":" + l.alias());
            }
        }
        return result;
    }

    /** /etc/hosts lines ("IP\talias id12 name") for running targets on the default bridge. */
    static List<String> hostsEntries(List<Link> links, ContainerIndex index) {
        return onDefaultBridge(links, index, (l, target, ip) -> {
            String name = strip(target.record().name());
            String names = l.alias().equals(name) ? name + " " + target.id().substring(0, 12)
                    : l.alias() + " " + target.id().substring(0, 12) + " " + name;
            return List.of(ip + "\t" + names);
        });
    }

    /**
     * The link variables (moby's setupLinkedContainers) for a container named {@code self} on the default bridge:
     * one set per running target that has an address there.
     */
    static List<String> environment(List<Link> links, String self, ContainerIndex index) {
        return onDefaultBridge(links, index, (l, target, ip) -> {
            var config = target.record().config;
            return LinkEnvironment.of("/" + strip(self) + "/" + l.alias(), ip,
                    config.exposedPorts == null ? List.of() : config.exposedPorts.keySet(), config.env);
        });
    }

    /** What a link gives, read from its target under the target's lock. */
    private interface TargetReader {
        List<String> read(Link link, Container target, String bridgeAddress);
    }

    /** The readings of the targets that run with an address on the default bridge; the others give nothing. */
    private static List<String> onDefaultBridge(List<Link> links, ContainerIndex index, TargetReader reader) {
        List<String> result = new ArrayList<>();
        for (Link l : links) {
            Container target = index.find(l.target());
            if (target == null) {
                continue;
            }
            synchronized (target) {
                EndpointRecord e = target.record().networks().get("bridge");
                if (e != null && e.ipAddress != null && !e.ipAddress.isEmpty() && target.state().running) {
                    result.addAll(reader.read(l, target, e.ipAddress));
                }
            }
        }
        return result;
    }

    private static String strip(String s) {
        String t = s.trim();
        return t.startsWith("/") ? t.substring(1) : t;
    }
}
