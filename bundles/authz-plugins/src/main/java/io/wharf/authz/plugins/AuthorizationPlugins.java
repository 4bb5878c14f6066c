package io.wharf.authz.plugins;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.LegacyPlugins;
import io.wharf.api.rest.AuthorizationRequest;
import io.wharf.api.rest.AuthorizationResponse;
import io.wharf.api.rest.RequestAuthorizer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * dockerd's authorization chain (pkg/authorization): each configured plugin in turn is asked
 * {@code AuthZPlugin.AuthZReq} before a request is served and {@code AuthZPlugin.AuthZRes} after; the first that
 * does not allow it decides ({@code authorization denied by plugin NAME: MSG}, 403), and a plugin that cannot be
 * asked fails the request ({@code plugin NAME failed with error: ...}, 500), as in dockerd; one not registered
 * (yet: after a start, the plugin manager restores the managed plugins while the API already answers) refuses it
 * with the same message and 503, after waiting for the restore. A managed plugin that
 * is disabled or removed leaves the chain, as dockerd's {@code AuthzMiddleware.RemovePlugin} on disable: requests
 * are no longer asked of it (until a reload names it again).
 */
public class AuthorizationPlugins implements RequestAuthorizer {
    static final String TYPE = "authz";
    static final String REQUEST = "AuthZPlugin.AuthZReq";
    static final String RESPONSE = "AuthZPlugin.AuthZRes";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final LegacyPlugins plugins;
    private final RestoredPlugins restored;
    private final long restoreWaitMillis;
    private volatile List<String> names;
    private final Set<LegacyPlugin> watched = ConcurrentHashMap.newKeySet(); // by identity: a re-enabled one is new

    /**
     * What a plugin is sent: Go's authorization.Request with its JSON names ({@code RequestUri}, not
     * {@code RequestURI}) and omitempty, byte slices as base64 (Jackson's byte[] too).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Sent(@JsonProperty("User") String user, @JsonProperty("UserAuthNMethod") String userAuthNMethod,
                @JsonProperty("RequestMethod") String requestMethod, @JsonProperty("RequestUri") String requestUri,
                @JsonProperty("RequestBody") byte[] requestBody,
                @JsonProperty("RequestHeaders") Map<String, String> requestHeaders,
                @JsonProperty("ResponseBody") byte[] responseBody,
                @JsonProperty("ResponseHeaders") Map<String, String> responseHeaders,
                @JsonProperty("ResponseStatusCode") Integer responseStatusCode) {
    }

    record Answer(@JsonProperty("Allow") boolean allow, @JsonProperty("Msg") String msg,
                  @JsonProperty("Err") String err) {
    }

    public AuthorizationPlugins(LegacyPlugins plugins, List<String> names) {
        this(plugins, names, RestoredPlugins.already(), 0);
    }

    /**
     * @param restored tells when the plugin manager has restored the managed plugins after a start
     * @param restoreWaitMillis how long a request waits for that before it is refused
     */
    AuthorizationPlugins(LegacyPlugins plugins, List<String> names, RestoredPlugins restored,
                         long restoreWaitMillis) {
        this.plugins = plugins;
        this.names = List.copyOf(names);
        this.restored = restored;
        this.restoreWaitMillis = restoreWaitMillis;
    }

    /** A SIGHUP's new list: requests from now on are asked of these plugins. */
    public synchronized void use(List<String> pluginNames) {
        this.names = List.copyOf(pluginNames);
    }

    /** The names in the chain now. */
    List<String> names() {
        return names;
    }

    private void leaveWhenGone(String name, LegacyPlugin plugin) {
        if (watched.add(plugin)) {
            plugin.whenGone(() -> {
                watched.remove(plugin);
                leave(name);
            });
        }
    }

    private synchronized void leave(String name) {
        names = names.stream().filter(n -> !n.equals(name)).toList();
    }

    @Override
    public boolean active() {
        return !names.isEmpty();
    }

    @Override
    public void authorizeRequest(AuthorizationRequest request) {
        ask(REQUEST, sent(request, null));
    }

    @Override
    public void authorizeResponse(AuthorizationRequest request, AuthorizationResponse response) {
        ask(RESPONSE, sent(request, response));
    }

    private static String failed(String name, Exception e) {
        return "plugin " + name + " failed with error: " + e.getMessage();
    }

    /**
     * The plugin; one not found while the managed plugins are being restored after a start is asked for again
     * once they are. Still missing, the request is refused (503, dockerd's message): never served unasked.
     */
    private LegacyPlugin find(String name) throws IOException {
        try {
            return plugins.get(name, TYPE);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            try {
                if (!restored.await(restoreWaitMillis)) {
                    throw e;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw e;
            }
            return plugins.get(name, TYPE);
        }
    }

    private static Sent sent(AuthorizationRequest r, AuthorizationResponse response) {
        return new Sent(r.user(), r.userAuthNMethod(), r.method(), r.requestUri(), r.body(), r.headers(),
                response == null ? null : response.body(), response == null ? null : response.headers(),
                response == null ? null : response.statusCode());
    }

    private void ask(String method, Sent sent) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(sent);
        } catch (IOException e) {
            throw EngineException.system("cannot encode an authorization request: " + e.getMessage(), e);
        }
        for (String name : names) { // a reload replaces the list, never changes it under this loop
            Answer answer;
            try {
                LegacyPlugin plugin = find(name);
                leaveWhenGone(name, plugin);
                answer = JSON.readValue(plugin.call(method, body), Answer.class);
            } catch (EngineException e) {
                throw new EngineException(e.kind() == ErrorKind.NOT_FOUND ? ErrorKind.UNAVAILABLE : ErrorKind.SYSTEM,
                        failed(name, e), e);
            } catch (IOException | RuntimeException e) {
                throw new EngineException(ErrorKind.SYSTEM, failed(name, e), e);
            }
            if (!answer.allow()) {
                throw new EngineException(ErrorKind.FORBIDDEN, "authorization denied by plugin " + name + ": "
                        + (answer.msg() == null ? "" : answer.msg()));
            }
        }
    }
}
