package io.wharf.plugins.protocol;

import java.net.URI;

/**
 * Where a plugin listens: {@code unix:///path} or {@code tcp://host:port} ({@code http}/{@code https} in .json
 * specs), and its TLS settings when a .json spec gives them.
 */
public record PluginAddress(String name, URI address, TlsOptions tls) {
    /** The TLSConfig of a .json spec; without a CA file the server's certificate is not verified (as dockerd). */
    public record TlsOptions(boolean insecureSkipVerify, String caFile, String certFile, String keyFile) {
    }

    public boolean isUnix() {
        return "unix".equals(address.getScheme());
    }
}
