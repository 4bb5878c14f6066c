package io.wharf.registry.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyConfiguration;

/**
 * daemon.json {@code proxies}: the proxy for registries reached over http and the one for https, and
 * {@code no-proxy}, read as Go's net/http reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY for dockerd: a proxy
 * without a scheme is http://; no-proxy entries are "*", IP addresses, CIDRs, or host names that also match their
 * subdomains (a leading "." matches subdomains only), each optionally with ":port"; loopback is never proxied.
 */
public record RegistryProxies(String httpProxy, String httpsProxy, String noProxy) {
    public static final RegistryProxies NONE = new RegistryProxies("", "", "");

    public RegistryProxies {
        httpProxy = httpProxy == null ? "" : httpProxy.trim();
        httpsProxy = httpsProxy == null ? "" : httpsProxy.trim();
        noProxy = noProxy == null ? "" : noProxy.trim();
        proxyUri(httpProxy); // refuses a bad one when the daemon starts, not at the first pull
        proxyUri(httpsProxy);
    }

    /** Adds a proxy per scheme to a Jetty client's configuration. */
    void configure(ProxyConfiguration configuration) {
        add(configuration, "http", httpProxy);
        add(configuration, "https", httpsProxy);
    }

    private void add(ProxyConfiguration configuration, String scheme, String proxy) {
        URI uri = proxyUri(proxy);
        if (uri == null) {
            return;
        }
        boolean secure = uri.getScheme().equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        configuration.addProxy(new HttpProxy(new Origin.Address(uri.getHost(), port), secure) {
            @Override
            public boolean matches(Origin origin) {
                return origin.getScheme().equalsIgnoreCase(scheme)
                        && !bypasses(origin.getAddress().getHost(), origin.getAddress().getPort());
            }
        });
    }

    static URI proxyUri(String proxy) {
        if (proxy == null || proxy.isEmpty()) {
            return null;
        }
        String text = proxy.contains("://") ? proxy : "http://" + proxy;
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid proxy URL " + proxy + ": " + e.getMessage());
        }
        if (!uri.getScheme().equals("http") && !uri.getScheme().equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("invalid proxy URL " + proxy + ": expected http://HOST[:PORT]");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("invalid proxy URL " + proxy + ": credentials in the proxy URL are "
                    + "not supported by Wharf");
        }
        return uri;
    }

    /** Whether a registry at host:port is reached directly. */
    boolean bypasses(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || isLoopback(h)) {
            return true;
        }
        for (String entry : entries()) {
            if (entry.equals("*") || matches(entry, h, port)) {
                return true;
            }
        }
        return false;
    }

    private List<String> entries() {
        List<String> entries = new ArrayList<>();
        for (String e : noProxy.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim().toLowerCase(Locale.ROOT));
            }
        }
        return entries;
    }

    private static boolean matches(String entry, String host, int port) {
        if (entry.contains("/")) {
            return Cidrs.contains(entry, host);
        }
        String name = entry;
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon) { // host:port; an IPv6 address has more colons
            if (!entry.substring(colon + 1).equals(String.valueOf(port))) {
                return false;
            }
            name = entry.substring(0, colon);
        }
        if (name.startsWith("*.")) {
            name = name.substring(1);
        }
        if (name.startsWith(".")) {
            return host.endsWith(name);
        }
        return host.equals(name) || host.endsWith("." + name);
    }

    private static boolean isLoopback(String host) {
        return host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
    }

    /** IPv4 and IPv6 CIDR membership of a literal address; a host name is in no CIDR. */
    private static final class Cidrs {
        static boolean contains(String cidr, String host) {
            int slash = cidr.indexOf('/');
            byte[] network = literal(cidr.substring(0, slash));
            byte[] address = literal(host);
            if (network == null || address == null || network.length != address.length) {
                return false;
            }
            int bits;
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            for (int i = 0; i < bits && i < network.length * 8; i++) {
                int mask = 0x80 >> (i % 8);
                if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** An IP literal's bytes without any name lookup; null for a host name. */
        private static byte[] literal(String text) {
            if (!text.matches("[0-9.]+") && !text.contains(":")) {
                return null;
            }
            try {
                return java.net.InetAddress.getByName(text).getAddress(); // literals are parsed, never resolved
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
    }
}
