package io.wharf.registry.http;

import java.net.URI;
import java.util.Locale;

/**
 * The origin of a URL (scheme, host, port with the scheme's default filled in). A registry's credentials go to its
 * own origin only: an upload {@code Location} or a redirect may point anywhere, blob storage on another host included.
 */
record Origin(String scheme, String host, int port) {
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return new Origin(scheme, host, port);
    }

    static boolean same(URI a, URI b) {
        return of(a).equals(of(b));
    }
}
