package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryEndpoint;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a repository is pulled from and pushed to, following Docker's registry service: Docker Hub names go to
 * the configured mirrors first and then to {@code registry-1.docker.io}; a registry listed in
 * insecure-registries (by host[:port] or by CIDR, 127.0.0.0/8 always included) is tried over HTTPS without
 * certificate checks first and then over plain HTTP; every other registry is HTTPS with verified TLS.
 */
public final class EndpointResolver {
    public static final String DOCKER_HUB_HOST = "registry-1.docker.io";
    private static final String LOOPBACK_CIDR = "127.0.0.0/8";

    /** The parsed settings, swapped whole when the daemon reloads its configuration. */
    private record Rules(List<URI> mirrors, List<String> insecureHosts, List<Cidr> insecureNets) {
    }

    private volatile Rules rules;

    public EndpointResolver(List<String> registryMirrors, List<String> insecureRegistries) {
        update(registryMirrors, insecureRegistries);
    }

    /** Takes new registry-mirrors and insecure-registries (SIGHUP); pulls already started keep their endpoints. */
    public void update(List<String> registryMirrors, List<String> insecureRegistries) {
        List<URI> m = new ArrayList<>();
        for (String mirror : registryMirrors == null ? List.<String>of() : registryMirrors) {
            m.add(parseMirror(mirror));
        }
        List<String> hosts = new ArrayList<>();
        List<Cidr> nets = new ArrayList<>();
        List<String> insecure = new ArrayList<>(insecureRegistries == null ? List.of() : insecureRegistries);
        insecure.add(LOOPBACK_CIDR);
        for (String entry : insecure) {
            String e = stripScheme(entry.trim());
            if (e.contains("/")) {
                nets.add(Cidr.parse(e));
            } else {
                hosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
        rules = new Rules(List.copyOf(m), List.copyOf(hosts), List.copyOf(nets));
    }

    private static URI parseMirror(String mirror) {
        String m = mirror.trim();
        if (!m.startsWith("http://") && !m.startsWith("https://")) {
            throw EngineException.invalid("invalid mirror: unsupported scheme %s in %s", m, mirror);
        }
        URI uri = URI.create(m.endsWith("/") ? m.substring(0, m.length() - 1) : m);
        if (uri.getHost() == null) {
            throw EngineException.invalid("invalid mirror: %s", mirror);
        }
        return uri;
    }

    /** The endpoints to pull from, in order; fallback goes down the list. */
    public List<RegistryEndpoint> pullEndpoints(ImageReference reference) {
        List<RegistryEndpoint> result = new ArrayList<>();
        if (ImageReference.DEFAULT_DOMAIN.equals(reference.domain())) {
            for (URI m : rules.mirrors()) {
                result.add(new RegistryEndpoint(m, isInsecure(hostPort(m)), true));
            }
        }
        result.addAll(pushEndpoints(reference));
        return result;
    }

    /** The endpoints to push to (and log in to): never a mirror. */
    public List<RegistryEndpoint> pushEndpoints(ImageReference reference) {
        return endpointsFor(reference.domain());
    }

    /** The endpoints of a registry named as in {@code docker login HOST} (empty or Docker Hub's names = Hub). */
    public List<RegistryEndpoint> endpointsFor(String registry) {
        String host = registry == null || registry.isEmpty() ? ImageReference.DEFAULT_DOMAIN : stripScheme(registry);
        if (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash); // https://index.docker.io/v1/ and the like
        }
        if (host.equals(ImageReference.DEFAULT_DOMAIN) || host.equals("index.docker.io")) {
            return List.of(new RegistryEndpoint(URI.create("https://" + DOCKER_HUB_HOST), false, false));
        }
        if (isInsecure(host)) {
            return List.of(new RegistryEndpoint(URI.create("https://" + host), true, false),
                    new RegistryEndpoint(URI.create("http://" + host), true, false));
        }
        return List.of(new RegistryEndpoint(URI.create("https://" + host), false, false));
    }

    /** True when the registry {@code host[:port]} is listed, or resolves into an insecure network. */
    public boolean isInsecure(String hostPort) {
        String hp = hostPort.toLowerCase(Locale.ROOT);
        if (rules.insecureHosts().contains(hp)) {
            return true;
        }
        String host = hostOnly(hp);
        if (rules.insecureHosts().contains(host)) {
            return true;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                for (Cidr net : rules.insecureNets()) {
                    if (net.contains(a)) {
                        return true;
                    }
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return hostPort.substring(1, end < 0 ? hostPort.length() : end);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private static String hostPort(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String stripScheme(String s) {
        return s.replaceFirst("^https?://", "");
    }

    /** An IPv4 or IPv6 network such as 10.0.0.0/8. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] addr = InetAddress.getByName(text.substring(0, slash)).getAddress();
                return new Cidr(addr, Integer.parseInt(text.substring(slash + 1)));
            } catch (UnknownHostException | NumberFormatException e) {
                throw EngineException.invalid("invalid insecure registry CIDR: %s", text);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = a.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
