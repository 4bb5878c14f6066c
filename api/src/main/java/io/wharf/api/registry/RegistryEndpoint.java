package io.wharf.api.registry;

import java.net.URI;

/** Where a registry is reached: base URI ({@code https://host:port}) and whether TLS errors are tolerated. */
public record RegistryEndpoint(URI baseUri, boolean insecure, boolean mirror) {
}
