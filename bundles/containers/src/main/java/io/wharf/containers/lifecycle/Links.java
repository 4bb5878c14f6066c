package io.wharf.containers.lifecycle;

import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Legacy --link NAME[:ALIAS]: on the default bridge, /etc/hosts entries for the linked container; on
 * user-defined networks, aliases the embedded DNS answers only to the linking container.
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
        List<String> result = new ArrayList<>();
        for (Link l : links) {
            Container target = index.find(l.target());
            if (target == null) {
                continue;
            }
            synchronized (target) {
                EndpointRecord e = target.record().networks().get("bridge");
                if (e == null || e.ipAddress == null || e.ipAddress.isEmpty() || !target.state().running) {
                    continue;
                }
                String name = strip(target.record().name());
                String names = l.alias().equals(name) ? name + " " + target.id().substring(0, 12)
                        : l.alias() + " " + target.id().substring(0, 12) + " " + name;
                result.add(e.ipAddress + "\t" + names);
            }
        }
        return result;
    }

    private static String strip(String s) {
        String t = s.trim();
        return t.startsWith("/") ? t.substring(1) : t;
    }
}
