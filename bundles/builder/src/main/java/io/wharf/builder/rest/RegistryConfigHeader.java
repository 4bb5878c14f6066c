package io.wharf.builder.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.support.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Decodes {@code X-Registry-Config}: base64url JSON of credentials by registry. As in dockerd, a header that does
 * not decode means no credentials rather than an error (a pull without them fails on its own if it must).
 */
final class RegistryConfigHeader {
    /** Made once: a reader per request resolved the map type and its deserializer each time (every build). */
    private static final ObjectReader AUTHS = Json.MAPPER.readerFor(new TypeReference<Map<String, RegistryAuth>>() { });

    /** {@code {}} in base64url without padding. */
    private static final String NO_CREDENTIALS = "e30";

    private RegistryConfigHeader() {
    }

    static Map<String, RegistryAuth> decode(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        // the CLI writes base64url with padding; be lenient about the alphabet and padding as for X-Registry-Auth
        String text = header.trim().replace('+', '-').replace('/', '_').replaceAll("=+$", "");
        if (text.equals(NO_CREDENTIALS)) {
            return Map.of(); // what the CLI sends with every build when it has none: no parser needed
        }
        try {
            Map<String, RegistryAuth> auths = AUTHS.readValue(Base64.getUrlDecoder().decode(text));
            return auths == null ? Map.of() : auths;
        } catch (IOException | IllegalArgumentException e) {
            return Map.of();
        }
    }
}
