package io.wharf.api.registry;

import java.net.URI;

/**
 * Where a registry is reached: base URI ({@code https://host:port} or {@code http://...}), whether TLS errors
 * are tolerated ({@code insecure}: an insecure-registries entry or a loopback address, as Docker treats them),
 * and whether it is a mirror standing in for Docker Hub.
 */
public record RegistryEndpoint(URI baseUri, boolean insecure, boolean mirror) {
    /** {@code host[:port]} as Docker names registries in messages and in the credential store. */
    public String hostAndPort() {
        return baseUri.getPort() < 0 ? baseUri.getHost() : baseUri.getHost() + ":" + baseUri.getPort();
    }
}
