package io.wharf.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Works out the Authorization header for a request, as Docker's registry client does: the endpoint's challenge is
 * learnt once from {@code GET /v2/}; Basic sends the credentials; Bearer fetches a token for the request's scopes
 * from the realm (with Basic credentials, with a refresh token when an identity token is given, or anonymously)
 * and caches it until shortly before it expires.
 */
public final class Authenticator {
    /** Docker treats shorter lifetimes as 60 seconds (registry/auth: minimumTokenLifetimeSeconds). */
    private static final long MIN_TOKEN_LIFETIME_S = 60;
    private static final long EXPIRY_MARGIN_S = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RegistryHttp http;
    private final Clock clock;
    private final Map<URI, Optional<AuthChallenge>> challenges = new ConcurrentHashMap<>();
    private final Map<TokenKey, Token> tokens = new ConcurrentHashMap<>();

    record TokenKey(String realm, String service, List<String> scopes, String identity) {
    }

    record Token(String value, Instant expires) {
    }

    public Authenticator(RegistryHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The challenge of the endpoint, pinging it the first time. Empty when /v2/ is open. */
    public Optional<AuthChallenge> challenge(RegistryEndpoint endpoint) throws IOException {
        Optional<AuthChallenge> known = challenges.get(endpoint.baseUri());
        if (known != null) {
            return known;
        }
        RegistryHttp.Buffered r = ping(endpoint);
        Optional<AuthChallenge> c = challengeOf(r);
        if (r.status() != 200 && r.status() != 401) {
            throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
        }
        challenges.put(endpoint.baseUri(), c);
        return c;
    }

    /** Records the challenge of an answer, e.g. after an unexpected 401 (the registry's auth changed). */
    public void learn(RegistryEndpoint endpoint, RegistryHttp.Buffered unauthorized) {
        challengeOf(unauthorized).ifPresent(c -> challenges.put(endpoint.baseUri(), Optional.of(c)));
    }

    RegistryHttp.Buffered ping(RegistryEndpoint endpoint) throws IOException {
        URI uri = endpoint.baseUri().resolve("/v2/");
        return http.send(http.request(endpoint, "GET", uri), http.pingTimeout());
    }

    static Optional<AuthChallenge> challengeOf(RegistryHttp.Buffered r) {
        if (r.status() != 401) {
            return Optional.empty();
        }
        List<AuthChallenge> all = AuthChallenge.parse(r.headers().getValuesList(HttpHeader.WWW_AUTHENTICATE));
        // Docker prefers Bearer when a registry offers both
        return all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst());
    }

    /** The Authorization header value for the scopes, or null when the endpoint needs none. */
    public String authorization(RegistryEndpoint endpoint, List<String> scopes, RegistryAuth auth)
            throws IOException {
        Optional<AuthChallenge> c = challenge(endpoint);
        if (c.isEmpty()) {
            return null;
        }
        if (c.get().isBasic()) {
            if (!hasPassword(auth)) {
                throw new EngineException(ErrorKind.UNAUTHORIZED, "no basic auth credentials");
            }
            return basic(auth);
        }
        if (auth != null && notEmpty(auth.registryToken())) {
            return "Bearer " + auth.registryToken();
        }
        return "Bearer " + token(endpoint, c.get(), scopes, auth).value();
    }

    /** Forgets cached tokens for these scopes (the registry refused one). */
    public void invalidate(RegistryEndpoint endpoint, List<String> scopes, RegistryAuth auth) {
        Optional<AuthChallenge> c = challenges.getOrDefault(endpoint.baseUri(), Optional.empty());
        c.ifPresent(ch -> tokens.remove(keyOf(ch, scopes, auth)));
    }

    private Token token(RegistryEndpoint endpoint, AuthChallenge challenge, List<String> scopes, RegistryAuth auth) throws IOException {
        TokenKey key = keyOf(challenge, scopes, auth);
        Token cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return cached;
        }
        Token fresh = fetchToken(endpoint, challenge, scopes, auth);
        tokens.put(key, fresh);
        return fresh;
    }

    private static TokenKey keyOf(AuthChallenge c, List<String> scopes, RegistryAuth auth) {
        String identity = auth == null ? "" : notEmpty(auth.identityToken()) ? fingerprint("id", auth.identityToken())
                : notEmpty(auth.username()) ? fingerprint("user", auth.username(), String.valueOf(auth.password()))
                : "";
        return new TokenKey(c.parameter("realm"), c.parameter("service"), List.copyOf(scopes), identity);
    }

    /**
     * A SHA-256 of the credentials: a token is reused only by whoever presents the same secret (String.hashCode
     * collides at will: "Aa" and "BB"), and the cache holds no secret in clear.
     */
    private static String fingerprint(String... parts) {
        return Digest.sha256(String.join("\0", parts).getBytes(StandardCharsets.UTF_8)).hex();
    }

    private Token fetchToken(RegistryEndpoint endpoint, AuthChallenge challenge, List<String> scopes, RegistryAuth auth) throws IOException {
        String realm = challenge.parameter("realm");
        if (realm == null || realm.isEmpty()) {
            throw new EngineException(ErrorKind.UNAUTHORIZED, "unauthorized: bearer challenge without a realm");
        }
        URI realmUri = URI.create(realm);
        // an insecure registry's token server is trusted as little as the registry itself
        RegistryEndpoint tokenEndpoint = new RegistryEndpoint(realmUri, endpoint.insecure(), false);
        String service = challenge.parameter("service");
        Request request;
        if (auth != null && notEmpty(auth.identityToken())) {
            // OAuth2 refresh-token grant, as docker login's identity tokens are used
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=docker&refresh_token=")
                    .append(enc(auth.identityToken()));
            if (service != null) {
                form.append("&service=").append(enc(service));
            }
            form.append("&scope=").append(enc(String.join(" ", scopes)));
            request = http.request(tokenEndpoint, "POST", realmUri)
                    .body(new StringRequestContent("application/x-www-form-urlencoded", form.toString()));
        } else {
            StringBuilder query = new StringBuilder();
            if (service != null) {
                query.append("service=").append(enc(service));
            }
            for (String s : scopes) {
                query.append(query.isEmpty() ? "" : "&").append("scope=").append(enc(s));
            }
            if (auth != null && notEmpty(auth.username())) {
                query.append(query.isEmpty() ? "" : "&").append("account=").append(enc(auth.username()));
            }
            URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            request = http.request(tokenEndpoint, "GET", uri);
            if (hasPassword(auth)) {
                request.headers(h -> h.put(HttpHeader.AUTHORIZATION, basic(auth)));
            }
        }
        RegistryHttp.Buffered r = http.send(request);
        if (r.status() != 200) {
            RegistryErrors.RegistryException e = RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
            if (r.status() == 401 || r.status() == 403) {
                // the token server refused the credentials: docker says "unauthorized: incorrect username or password"
                String detail = e.code() != null ? e.getMessage() : "unauthorized: incorrect username or password";
                throw new RegistryErrors.RegistryException(ErrorKind.UNAUTHORIZED, r.status(),
                        RegistryErrors.UNAUTHORIZED, "Get \"" + realm + "\": " + detail);
            }
            throw e;
        }
        JsonNode body = MAPPER.readTree(r.body());
        String value = body.path("token").asText("");
        if (value.isEmpty()) {
            value = body.path("access_token").asText("");
        }
        if (value.isEmpty()) {
            throw new EngineException(ErrorKind.UNAUTHORIZED, "unauthorized: authorization server did not include a token in the response");
        }
        long lifetime = Math.max(MIN_TOKEN_LIFETIME_S, body.path("expires_in").asLong(MIN_TOKEN_LIFETIME_S));
        Instant issued = issuedAt(body.path("issued_at").asText(null));
        return new Token(value, issued.plusSeconds(lifetime - EXPIRY_MARGIN_S));
    }

    private Instant issuedAt(String text) {
        if (text == null || text.isEmpty()) {
            return clock.instant();
        }
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            // a token server with a skewed clock must not make tokens look expired (or eternal)
            return t.isAfter(clock.instant()) ? clock.instant() : t;
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    static String basic(RegistryAuth auth) {
        String pair = auth.username() + ":" + auth.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static boolean hasPassword(RegistryAuth auth) {
        return auth != null && notEmpty(auth.username()) && auth.password() != null;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
