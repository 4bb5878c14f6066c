package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrowserRequestPolicyTest {
    private final BrowserRequestPolicy none = new BrowserRequestPolicy(null);

    private static int status(Optional<BrowserRequestPolicy.Refusal> r) {
        return r.map(BrowserRequestPolicy.Refusal::status).orElse(0);
    }

    @Test
    void whatDockerClientsSendPasses() {
        // docker CLI / Go client over TCP: the dialled address as Host, JSON bodies with application/json
        assertEquals(0, status(none.check("POST", "/containers/create", "127.0.0.1:2375", null,
                "application/json", true)));
        assertEquals(0, status(none.check("POST", "/exec/abc/start", "localhost:2375", null,
                "application/json; charset=utf-8", true)));
        // POSTs without a body carry no content type (start, kill, attach) or one they do not need
        assertEquals(0, status(none.check("POST", "/containers/abc/start", "127.0.0.1:2375", null, null, false)));
        assertEquals(0, status(none.check("POST", "/containers/abc/kill", "[::1]:2375", null, "text/plain", false)));
        // raw bodies: docker load, build, import and cp send tars without a JSON content type
        assertEquals(0, status(none.check("POST", "/images/load", "127.0.0.1", null, "application/x-tar", true)));
        assertEquals(0, status(none.check("POST", "/build", "127.0.0.1", null, "application/x-tar", true)));
        assertEquals(0, status(none.check("POST", "/images/create", "127.0.0.1", null, null, true)));
        assertEquals(0, status(none.check("PUT", "/containers/abc/archive", "127.0.0.1", null, null, true)));
        // no Host at all (HTTP/1.0) is no browser
        assertEquals(0, status(none.check("GET", "/containers/json", null, null, null, false)));
    }

    @Test
    void aFormOrTextPostToAJsonEndpointIsRefused() {
        Optional<BrowserRequestPolicy.Refusal> form = none.check("POST", "/containers/create", "127.0.0.1:2375",
                null, "application/x-www-form-urlencoded", true);
        assertEquals(400, status(form));
        assertEquals("unsupported Content-Type header (application/x-www-form-urlencoded): must be "
                + "'application/json'", form.get().message());
        assertEquals(400, status(none.check("POST", "/containers/create", "127.0.0.1", null, "text/plain", true)));
        assertEquals(400, status(none.check("POST", "/networks/create", "127.0.0.1", null,
                "multipart/form-data; boundary=x", true)));
        // a no-cors fetch of an untyped Blob sends no content type at all
        assertEquals(400, status(none.check("POST", "/containers/abc/exec", "127.0.0.1", null, null, true)));
        assertEquals(400, status(none.check("POST", "/containers/abc/archive", "127.0.0.1", null, null, true)),
                "only PUT takes a raw archive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:2375", "127.0.0.1.evil.example", "localhost.evil.example",
            "10.0.0.1:2375", "0.0.0.0:2375", "127.0.0.256", "[::2]:2375", "[fe80::1]", "[::1", "127.0.0.1:x",
            "2130706433"})
    void aHostThatIsNotLoopbackIsRefused(String host) {
        assertEquals(403, status(none.check("GET", "/containers/json", host, null, null, false)), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST:2375", "api.moby.localhost", "127.0.0.1", "127.1.2.3:80",
            "[::1]", "[::1]:2375", "[0:0:0:0:0:0:0:1]:2375"})
    void loopbackHostsPass(String host) {
        assertTrue(BrowserRequestPolicy.isLoopbackHost(host), host);
    }

    @Test
    void anOriginIsRefusedUnlessApiCorsHeaderAllowsIt() {
        Optional<BrowserRequestPolicy.Refusal> r = none.check("POST", "/containers/create", "127.0.0.1:2375",
                "http://evil.example", "application/json", true);
        assertEquals(403, status(r));
        assertTrue(r.get().message().contains("Origin: http://evil.example"), r.get().message());
        assertEquals(403, status(none.check("GET", "/_ping", "localhost", "null", null, false)));

        BrowserRequestPolicy some = new BrowserRequestPolicy("http://localhost:3000, https://ui.example/");
        assertEquals(0, status(some.check("GET", "/containers/json", "localhost", "http://localhost:3000", null,
                false)));
        assertEquals(0, status(some.check("GET", "/containers/json", "localhost", "HTTPS://ui.example", null,
                false)));
        assertEquals("http://localhost:3000", some.allowOriginHeader("http://localhost:3000"));
        assertEquals(403, status(some.check("GET", "/containers/json", "localhost", "http://evil.example", null,
                false)));

        BrowserRequestPolicy any = new BrowserRequestPolicy("*");
        assertTrue(any.allowsOrigin("http://evil.example"));
        assertEquals("*", any.allowOriginHeader("http://evil.example"));
        // an allowed origin does not lift the other checks
        assertEquals(403, status(any.check("GET", "/containers/json", "evil.example", "http://evil.example", null,
                false)));
        assertFalse(new BrowserRequestPolicy("").allowsOrigin("http://localhost"));
    }

    @Test
    void theListenersOwnOriginPassesAsWebSocketClientsSendIt() {
        // websocket-client (docker-py's attach_socket(ws=True)): Origin is http:// and the Host it sends
        assertEquals(0, status(none.check("GET", "/containers/x/attach/ws", "127.0.0.1:2375",
                "http://127.0.0.1:2375", null, false)));
        assertEquals(0, status(none.check("GET", "/containers/x/attach/ws", "localhost:2375",
                "HTTP://LOCALHOST:2375/", null, false)));
        assertEquals(403, status(none.check("GET", "/containers/x/attach/ws", "127.0.0.1:2375",
                "http://127.0.0.1:8080", null, false)), "another port is another site");
        assertEquals(403, status(none.check("GET", "/containers/x/attach/ws", "127.0.0.1:2375",
                "https://127.0.0.1:2375", null, false)), "the plain listener's origin is http");
        assertEquals(403, status(none.check("GET", "/containers/x/attach/ws", null, "http://null", null, false)));
        assertEquals(403, status(none.check("GET", "/containers/json", "rebound.example:2375",
                "http://rebound.example:2375", null, false)), "DNS rebinding: same origin, but not a loopback host");
    }
}
