package io.wharf.authz.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.rest.AuthorizationRequest;
import io.wharf.api.rest.AuthorizationResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationPluginsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> sent = new ArrayList<>();
    private final AuthorizationRequest request = new AuthorizationRequest("", "", "POST",
            "/v1.50/containers/create?name=x", "{\"Image\":\"busybox\"}".getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json"));

    /** Whose whenGone actions each plugin made here was given: running them is the plugin going. */
    private final List<Runnable> goneActions = new ArrayList<>();

    private LegacyPlugin plugin(String name, String answer) {
        return new LegacyPlugin() {
            public void whenGone(Runnable action) {
                goneActions.add(action);
            }

            public String name() {
                return name;
            }

            public List<String> implementedTypes() {
                return List.of("authz");
            }

            public byte[] call(String method, byte[] json) throws IOException {
                sent.add(name + " " + method + " " + new String(json, StandardCharsets.UTF_8));
                if (answer == null) {
                    throw new IOException("connection refused");
                }
                return answer.getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private LegacyPlugins plugins(LegacyPlugin... all) {
        return new LegacyPlugins() {
            public LegacyPlugin get(String name, String type) {
                assertEquals("authz", type);
                for (LegacyPlugin p : all) {
                    if (p.name().equals(name)) {
                        return p;
                    }
                }
                throw EngineException.notFound("plugin \"%s\" not found", name);
            }

            public List<LegacyPlugin> getAll(String type) {
                return List.of(all);
            }
        };
    }

    @Test
    void theRequestIsSentInDockersShapeToEachPluginInOrder() throws IOException {
        AuthorizationPlugins chain = new AuthorizationPlugins(plugins(plugin("a", "{\"Allow\":true}"),
                plugin("b", "{\"Allow\":true}")), List.of("a", "b"));
        assertTrue(chain.active());
        chain.authorizeRequest(request);
        assertEquals(2, sent.size());
        assertTrue(sent.get(0).startsWith("a AuthZPlugin.AuthZReq "));
        JsonNode body = JSON.readTree(sent.get(1).substring("b AuthZPlugin.AuthZReq ".length()));
        assertEquals("POST", body.get("RequestMethod").asText());
        assertEquals("/v1.50/containers/create?name=x", body.get("RequestUri").asText());
        assertEquals("eyJJbWFnZSI6ImJ1c3lib3gifQ==", body.get("RequestBody").asText(), "base64, as Go's []byte");
        assertEquals("application/json", body.get("RequestHeaders").get("Content-Type").asText());
        assertFalse(body.has("User"), "empty fields are left out, as Go's omitempty");
        assertFalse(body.has("ResponseStatusCode"));
    }

    @Test
    void theFirstDenialDecidesWithDockersMessage() {
        AuthorizationPlugins chain = new AuthorizationPlugins(plugins(plugin("a", "{\"Allow\":false,\"Msg\":\"no\"}"),
                plugin("b", "{\"Allow\":true}")), List.of("a", "b"));
        EngineException e = assertThrows(EngineException.class, () -> chain.authorizeRequest(request));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("authorization denied by plugin a: no", e.getMessage());
        assertEquals(1, sent.size());
    }

    @Test
    void aPluginThatCannotAnswerFailsTheRequest() {
        AuthorizationPlugins down = new AuthorizationPlugins(plugins(plugin("a", null)), List.of("a"));
        EngineException e = assertThrows(EngineException.class, () -> down.authorizeRequest(request));
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals("plugin a failed with error: connection refused", e.getMessage());
        AuthorizationPlugins missing = new AuthorizationPlugins(plugins(), List.of("gone"));
        EngineException notThere = assertThrows(EngineException.class, () -> missing.authorizeRequest(request));
        assertEquals("plugin gone failed with error: plugin \"gone\" not found", notThere.getMessage());
        assertEquals(ErrorKind.UNAVAILABLE, notThere.kind(), "503, not 500: it may come");
    }

    /** After a start the managed plugin is registered only once the plugin manager has restored it. */
    @Test
    void aManagedPluginNotRestoredYetIsWaitedForThenAsked() throws Exception {
        List<LegacyPlugin> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
        LegacyPlugins later = new LegacyPlugins() {
            public LegacyPlugin get(String name, String type) {
                return registered.stream().filter(p -> p.name().equals(name)).findFirst()
                        .orElseThrow(() -> EngineException.notFound("plugin \"%s\" not found", name));
            }

            public List<LegacyPlugin> getAll(String type) {
                return registered;
            }
        };
        RestoredPlugins restored = new RestoredPlugins();
        AuthorizationPlugins chain = new AuthorizationPlugins(later, List.of("acme/authz:1.0"), restored, 10_000);
        Thread manager = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            registered.add(plugin("acme/authz:1.0", "{\"Allow\":false,\"Msg\":\"no\"}"));
            restored.restored(true);
        });
        manager.start();
        EngineException denied = assertThrows(EngineException.class, () -> chain.authorizeRequest(request));
        assertEquals(ErrorKind.FORBIDDEN, denied.kind(), "asked once restored, not failed open: " + denied);
        manager.join();
    }

    @Test
    void aManagedPluginThatIsNotRestoredInTimeRefusesWithDockersMessage() {
        AuthorizationPlugins chain = new AuthorizationPlugins(plugins(), List.of("acme/authz:1.0"),
                new RestoredPlugins(), 200);
        long start = System.nanoTime();
        EngineException refused = assertThrows(EngineException.class, () -> chain.authorizeRequest(request));
        assertTrue(System.nanoTime() - start >= 200_000_000L, "it waited for the restore");
        assertEquals(ErrorKind.UNAVAILABLE, refused.kind());
        assertEquals("plugin acme/authz:1.0 failed with error: plugin \"acme/authz:1.0\" not found",
                refused.getMessage());
    }

    @Test
    void theResponseCarriesStatusHeadersAndBody() throws IOException {
        AuthorizationPlugins chain = new AuthorizationPlugins(plugins(plugin("a", "{\"Allow\":true}")), List.of("a"));
        chain.authorizeResponse(request, new AuthorizationResponse(201, Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8)));
        JsonNode body = JSON.readTree(sent.get(0).substring("a AuthZPlugin.AuthZRes ".length()));
        assertEquals(201, body.get("ResponseStatusCode").asInt());
        assertEquals("e30=", body.get("ResponseBody").asText());
        assertEquals("application/json", body.get("ResponseHeaders").get("Content-Type").asText());
    }

    @Test
    void withoutPluginsNothingIsActiveUntilAReloadNamesOne() {
        AuthorizationPlugins chain = new AuthorizationPlugins(plugins(plugin("a", "{\"Allow\":false}")), List.of());
        assertFalse(chain.active());
        chain.authorizeRequest(request);
        assertTrue(sent.isEmpty());
        chain.use(List.of("a"));
        assertTrue(chain.active());
        assertEquals("authorization denied by plugin a: ",
                assertThrows(EngineException.class, () -> chain.authorizeRequest(request)).getMessage());
    }

    @Test
    void aManagedPluginThatGoesLeavesTheChainAsDockerdsDisableRemovesIt() {
        AuthorizationPlugins chain = new AuthorizationPlugins(plugins(plugin("acme/authz:latest",
                "{\"Allow\":false,\"Msg\":\"no\"}"), plugin("b", "{\"Allow\":true}")),
                List.of("acme/authz:latest", "b"));
        assertEquals("authorization denied by plugin acme/authz:latest: no",
                assertThrows(EngineException.class, () -> chain.authorizeRequest(request)).getMessage());
        assertThrows(EngineException.class, () -> chain.authorizeRequest(request));
        assertEquals(1, goneActions.size(), "one watch per plugin, not per request");

        goneActions.forEach(Runnable::run); // disabled
        sent.clear();
        chain.authorizeRequest(request);
        assertEquals(List.of("b"), chain.names());
        assertEquals(1, sent.size(), "only b is asked");
        assertTrue(sent.get(0).startsWith("b "));
    }
}
