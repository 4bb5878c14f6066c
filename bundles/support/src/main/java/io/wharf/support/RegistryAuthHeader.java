package io.wharf.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.registry.RegistryAuth;
import java.io.IOException;
import java.util.Base64;

/**
 * Decodes X-Registry-Auth: base64url (padded or not, and tolerant of standard base64 as older clients send) of
 * the JSON credentials. Like dockerd, a header that does not decode means no credentials rather than an error.
 */
public final class RegistryAuthHeader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RegistryAuthHeader() {
    }

    public static RegistryAuth decode(String header) {
        if (header == null || header.isBlank()) {
            return RegistryAuth.anonymous();
        }
        String text = header.trim().replace('+', '-').replace('/', '_');
        while (text.endsWith("=")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            RegistryAuth auth = MAPPER.readValue(Base64.getUrlDecoder().decode(text), RegistryAuth.class);
            return auth == null ? RegistryAuth.anonymous() : auth;
        } catch (IOException | IllegalArgumentException e) {
            return RegistryAuth.anonymous();
        }
    }
}
