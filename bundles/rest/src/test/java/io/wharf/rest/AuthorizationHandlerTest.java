package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** The parts of dockerd's authorization request that are decided without a server. */
class AuthorizationHandlerTest {
    @Test
    void onlyJsonBodiesAreSentAndNeverThoseOfAuth() {
        HttpFields json = HttpFields.build().put("Content-Type", "application/json; charset=utf-8");
        assertTrue(AuthorizationHandler.sendsBody("/v1.50/containers/create", json));
        assertFalse(AuthorizationHandler.sendsBody("/v1.50/auth", json));
        assertFalse(AuthorizationHandler.sendsBody("/auth", json));
        assertFalse(AuthorizationHandler.sendsBody("/build", HttpFields.build().put("Content-Type", "application/x-tar")));
        assertFalse(AuthorizationHandler.sendsBody("/containers/create", HttpFields.EMPTY));
    }

    @Test
    void headersAreGoCanonicalWithoutCredentials() {
        HttpFields fields = HttpFields.build().put("user-agent", "Docker-Client/20.10").put("X-Registry-Auth", "secret")
                .put("authorization", "Basic x").put("content-TYPE", "application/json");
        assertEquals(Map.of("User-Agent", "Docker-Client/20.10", "Content-Type", "application/json"),
                AuthorizationHandler.headers(fields));
    }

    @Test
    void theUserIsTheCommonNameOfTheClientCertificate() {
        assertEquals("alice", AuthorizationHandler.commonName("CN=alice,OU=dev,O=Example"));
        assertEquals("", AuthorizationHandler.commonName("O=Example"));
        assertEquals("", AuthorizationHandler.commonName("not a name"));
    }
}
