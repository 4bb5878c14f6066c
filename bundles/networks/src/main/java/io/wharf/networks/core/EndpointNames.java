package io.wharf.networks.core;

import io.wharf.api.errors.EngineException;
import io.wharf.networks.support.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DNS names of an endpoint and its legacy link aliases, from a connect request. */
final class EndpointNames {
    private EndpointNames() {
    }

    /** The container name, its short ID and its aliases, without blanks or repeats. */
    static List<String> dnsNames(String containerName, String containerId, List<String> aliases) {
        List<String> names = new ArrayList<>();
        addDistinct(names, containerName);
        addDistinct(names, Ids.shortId(containerId));
        for (String a : aliases) {
            addDistinct(names, a);
        }
        return List.copyOf(names);
    }

    static List<String> cleanAliases(List<String> aliases) {
        List<String> clean = new ArrayList<>();
        if (aliases != null) {
            for (String a : aliases) {
                addDistinct(clean, a == null ? null : a.trim());
            }
        }
        return List.copyOf(clean);
    }

    /** {@code container:alias} (or just {@code container}, which is its own alias) → alias → container. */
    static Map<String, String> links(List<String> links) {
        Map<String, String> byAlias = new LinkedHashMap<>();
        if (links == null) {
            return byAlias;
        }
        for (String link : links) {
            if (link == null || link.isBlank()) {
                continue;
            }
            String[] parts = link.trim().split(":", -1);
            if (parts.length > 2 || parts[0].isEmpty()) {
                throw EngineException.invalid("invalid link %s: expected container:alias", link);
            }
            String container = stripSlash(parts[0]);
            String alias = parts.length == 2 && !parts[1].isEmpty() ? stripSlash(parts[1]) : container;
            // a link alias given as a path (/web/db, as dockerd stores them) means its last element
            alias = alias.substring(alias.lastIndexOf('/') + 1);
            byAlias.put(alias, container);
        }
        return byAlias;
    }

    static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    private static void addDistinct(List<String> names, String name) {
        if (name != null && !name.isEmpty() && !names.contains(name)) {
            names.add(name);
        }
    }
}
