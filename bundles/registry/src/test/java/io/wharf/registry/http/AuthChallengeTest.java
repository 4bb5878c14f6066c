package io.wharf.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void bearerWithQuotedParameters() {
        List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertEquals(1, c.size());
        assertTrue(c.get(0).isBearer());
        assertEquals("https://auth.docker.io/token", c.get(0).parameter("realm"));
        assertEquals("registry.docker.io", c.get(0).parameter("service"));
        assertEquals("repository:library/busybox:pull", c.get(0).parameter("scope"));
    }

    @Test
    void basicAndCaseInsensitiveNames() {
        AuthChallenge c = AuthChallenge.parse("basic Realm=\"Registry Realm\"").get(0);
        assertTrue(c.isBasic());
        assertEquals("Registry Realm", c.parameter("realm"));
    }

    @Test
    void severalChallengesInOneHeaderAndTokensUnquoted() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "Basic realm=\"x\", Bearer realm=https://h/token, service=svc, error=\"insufficient_scope\"");
        assertEquals(2, c.size());
        assertTrue(c.get(0).isBasic());
        assertTrue(c.get(1).isBearer());
        assertEquals("https://h/token", c.get(1).parameter("realm"));
        assertEquals("svc", c.get(1).parameter("service"));
        assertEquals("insufficient_scope", c.get(1).parameter("error"));
    }

    @Test
    void escapesInQuotedStrings() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"a\\\"b\\\\c\"").get(0);
        assertEquals("a\"b\\c", c.parameter("realm"));
    }

    @Test
    void emptyAndSchemeOnly() {
        assertEquals(List.of(), AuthChallenge.parse((String) null));
        AuthChallenge c = AuthChallenge.parse("Negotiate").get(0);
        assertEquals("Negotiate", c.scheme());
        assertTrue(c.parameters().isEmpty());
    }
}
