package io.wharf.pluginmanager;

import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryEndpoint;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a plugin is pulled from and pushed to, as dockerd decides for images: Docker Hub over HTTPS; a loopback
 * registry or one listed in insecure-registries (by host[:port]) over HTTPS without certificate checks, then over
 * plain HTTP; any other over verified HTTPS. Mirrors and CIDR entries are the image puller's business.
 */
public final class PluginEndpoints {
    private final Set<String> insecureHosts;

    public PluginEndpoints(List<String> insecureRegistries) {
        this.insecureHosts = Set.copyOf(insecureRegistries.stream()
                .map(s -> s.replaceFirst("^https?://", "").replaceAll("/+$", "").toLowerCase(Locale.ROOT))
                .toList());
    }

    public List<RegistryEndpoint> of(ImageReference reference) {
        String host = reference.domain();
        if (host.equals(ImageReference.DEFAULT_DOMAIN)) {
            return List.of(new RegistryEndpoint(URI.create("https://registry-1.docker.io"), false, false));
        }
        if (insecure(host)) {
            return List.of(new RegistryEndpoint(URI.create("https://" + host), true, false),
                    new RegistryEndpoint(URI.create("http://" + host), true, false));
        }
        return List.of(new RegistryEndpoint(URI.create("https://" + host), false, false));
    }

    private boolean insecure(String hostPort) {
        String hp = hostPort.toLowerCase(Locale.ROOT);
        String host = hp.startsWith("[") ? hp.substring(1, hp.indexOf(']')) : hp.replaceFirst(":[0-9]+$", "");
        if (insecureHosts.contains(hp) || insecureHosts.contains(host)) {
            return true;
        }
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
