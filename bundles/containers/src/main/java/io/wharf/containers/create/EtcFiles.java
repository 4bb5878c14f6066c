package io.wharf.containers.create;

import java.util.ArrayList;
import java.util.List;

/** The contents of the /etc/hostname, /etc/hosts and /etc/resolv.conf the engine gives each container. */
public final class EtcFiles {
    static final List<String> DEFAULT_DNS = List.of("8.8.8.8", "8.8.4.4");

    private EtcFiles() {
    }

    public static String hostname(String hostname) {
        return hostname + "\n";
    }

    /** Docker's hosts file for a container without its own address: loopback names plus the container's. */
    public static String hosts(String hostname, String domainname, List<String> extraHosts) {
        return hosts(hostname, domainname, extraHosts, null, List.of());
    }

    /**
     * Docker's hosts file: loopback names, --add-host entries, --link entries, and the container's own name on its
     * address ({@code 127.0.0.1} when it has none).
     */
    public static String hosts(String hostname, String domainname, List<String> extraHosts, String address,
                               List<String> linkEntries) {
        StringBuilder sb = new StringBuilder();
        sb.append("127.0.0.1\tlocalhost\n");
        sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        sb.append("fe00::0\tip6-localnet\n");
        sb.append("ff00::0\tip6-mcastprefix\n");
        sb.append("ff02::1\tip6-allnodes\n");
        sb.append("ff02::2\tip6-allrouters\n");
        if (extraHosts != null) {
            for (String entry : extraHosts) {
                int sep = entry.indexOf(':');
                if (sep > 0) {
                    sb.append(entry.substring(sep + 1)).append('\t').append(entry, 0, sep).append('\n');
                }
            }
        }
        for (String link : linkEntries) {
            sb.append(link).append('\n');
        }
        if (hostname != null && !hostname.isEmpty()) {
            String names = domainname == null || domainname.isEmpty() ? hostname
                    : hostname + "." + domainname + " " + hostname;
            sb.append(address == null ? "127.0.0.1" : address).append('\t').append(names).append('\n');
        }
        return sb.toString();
    }

    /** The host's hosts file with the container's extra entries (host networking). */
    public static String hostHosts(String hostFile, List<String> extraHosts) {
        StringBuilder sb = new StringBuilder(hostFile);
        if (!hostFile.isEmpty() && !hostFile.endsWith("\n")) {
            sb.append('\n');
        }
        if (extraHosts != null) {
            for (String entry : extraHosts) {
                int sep = entry.indexOf(':');
                if (sep > 0) {
                    sb.append(entry.substring(sep + 1)).append('\t').append(entry, 0, sep).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /**
     * The container's resolv.conf from the host's: loopback name servers cannot be reached from another network
     * namespace, so they are dropped (Google's are used when none remain), unless the container shares the
     * host's network; --dns, --dns-search and --dns-option replace the corresponding lines.
     */
    public static String resolvConf(String hostResolvConf, boolean hostNetwork, List<String> dns,
                                    List<String> dnsSearch, List<String> dnsOptions) {
        List<String> nameservers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String raw : hostResolvConf.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "nameserver" -> {
                    if (f.length > 1 && (hostNetwork || !isLoopback(f[1]))) {
                        nameservers.add(f[1]);
                    }
                }
                case "search", "domain" -> {
                    search.clear();
                    for (int i = 1; i < f.length; i++) {
                        search.add(f[i]);
                    }
                }
                case "options" -> {
                    for (int i = 1; i < f.length; i++) {
                        options.add(f[i]);
                    }
                }
                default -> other.add(line);
            }
        }
        if (dns != null && !dns.isEmpty()) {
            nameservers = new ArrayList<>(dns);
        }
        if (dnsSearch != null && !dnsSearch.isEmpty()) {
            search = dnsSearch.equals(List.of(".")) ? List.of() : new ArrayList<>(dnsSearch);
        }
        if (dnsOptions != null && !dnsOptions.isEmpty()) {
            options = new ArrayList<>(dnsOptions);
        }
        if (nameservers.isEmpty()) {
            nameservers.addAll(DEFAULT_DNS);
        }
        StringBuilder sb = new StringBuilder();
        for (String ns : nameservers) {
            sb.append("nameserver ").append(ns).append('\n');
        }
        if (!search.isEmpty()) {
            sb.append("search ").append(String.join(" ", search)).append('\n');
        }
        if (!options.isEmpty()) {
            sb.append("options ").append(String.join(" ", options)).append('\n');
        }
        for (String line : other) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    static boolean isLoopback(String address) {
        String a = address.toLowerCase();
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }
}
