package io.wharf.networks.dns;

import io.wharf.networks.net.Ipv4;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The resolvers unknown names go to: the daemon's {@code dns} setting, else the host's {@code /etc/resolv.conf}
 * (re-read when it changes). Forwarding happens from the host, so a loopback resolver such as systemd-resolved's
 * 127.0.0.53 works too.
 */
public final class Upstreams implements Supplier<List<InetSocketAddress>> {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private final List<InetSocketAddress> configured;
    private final Path resolvConf;
    private FileTime lastRead;
    private List<InetSocketAddress> fromFile = List.of();

    public Upstreams(List<String> configured) {
        this(configured, RESOLV_CONF);
    }

    Upstreams(List<String> configured, Path resolvConf) {
        this.configured = parseAll(configured == null ? List.of() : configured);
        this.resolvConf = resolvConf;
    }

    @Override
    public synchronized List<InetSocketAddress> get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(resolvConf);
            if (!modified.equals(lastRead)) {
                fromFile = parseResolvConf(Files.readString(resolvConf));
                lastRead = modified;
            }
        } catch (IOException e) {
            fromFile = List.of();
            lastRead = null;
        }
        return fromFile;
    }

    /** The {@code nameserver} lines of a resolv.conf. */
    static List<InetSocketAddress> parseResolvConf(String content) {
        List<String> servers = new ArrayList<>();
        for (String line : content.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                servers.add(f[1]);
            }
        }
        return parseAll(servers);
    }

    private static List<InetSocketAddress> parseAll(List<String> addresses) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String a : addresses) {
            InetAddress literal = literal(a);
            if (literal != null) {
                out.add(new InetSocketAddress(literal, 53));
            }
        }
        return List.copyOf(out);
    }

    /** An IP literal, without ever asking a resolver (a host name yields null). */
    static InetAddress literal(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        boolean ipv6 = t.contains(":") && t.matches("[0-9a-fA-F:.%a-zA-Z0-9]+");
        if (!Ipv4.isValid(t) && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
