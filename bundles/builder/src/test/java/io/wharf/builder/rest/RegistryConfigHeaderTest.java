package io.wharf.builder.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** X-Registry-Config: base64url JSON of credentials by registry; garbage means none, as in dockerd. */
class RegistryConfigHeaderTest {
    @Test
    void credentialsByRegistryDecode() {
        String json = "{\"127.0.0.1:5000\":{\"username\":\"u\",\"password\":\"p?>\",\"serveraddress\":"
                + "\"127.0.0.1:5000\"},\"https://index.docker.io/v1/\":{\"auth\":\"ignored\"}}";
        String header = Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        var auths = RegistryConfigHeader.decode(header);
        assertEquals(2, auths.size());
        assertEquals("u", auths.get("127.0.0.1:5000").username());
        assertEquals("p?>", auths.get("127.0.0.1:5000").password());
        // standard base64 without padding, as some clients send it
        String standard = Base64.getEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(auths, RegistryConfigHeader.decode(standard));
    }

    @Test
    void anAbsentOrUndecodableHeaderMeansNoCredentials() {
        assertEquals(Map.of(), RegistryConfigHeader.decode(null));
        assertEquals(Map.of(), RegistryConfigHeader.decode("e30="), "{}: the CLI without credentials");
        assertEquals(Map.of(), RegistryConfigHeader.decode("not base64!"));
        assertEquals(Map.of(), RegistryConfigHeader.decode(Base64.getUrlEncoder().encodeToString("[1]".getBytes())));
    }
}
