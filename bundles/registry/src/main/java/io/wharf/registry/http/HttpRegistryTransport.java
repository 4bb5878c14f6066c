package io.wharf.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.Digest;
import io.wharf.api.registry.ManifestResponse;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.registry.SearchResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;

/** The OCI distribution protocol over HTTP(S) with Jetty's client; see {@link RegistryTransport}. */
public final class HttpRegistryTransport implements RegistryTransport, AutoCloseable {
    /** Blobs up to this size go in one PUT; bigger ones stream with PATCH. */
    static final long MONOLITHIC_MAX = 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SEARCH_SCOPE = "registry:catalog:search";
    private static final String CATALOG_SCOPE = "registry:catalog:*";
    private static final int CATALOG_PAGE = 1000;

    private final RegistryHttp http;
    private final Authenticator authenticator;

    public HttpRegistryTransport(RegistryHttp http, Authenticator authenticator) {
        this.http = http;
        this.authenticator = authenticator;
    }

    static String pullScope(String repository) {
        return "repository:" + repository + ":pull";
    }

    static String pushScope(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    @Override
    public String ping(RegistryEndpoint endpoint, RegistryAuth auth) throws IOException {
        RegistryHttp.Buffered first = authenticator.ping(endpoint);
        if (first.status() == 200) {
            return "Login Succeeded";
        }
        if (first.status() != 401) {
            throw RegistryErrors.fromResponse(first.status(), first.reason(), first.body());
        }
        authenticator.learn(endpoint, first);
        URI v2 = endpoint.baseUri().resolve("/v2/");
        if (!Authenticator.hasPassword(auth) && (auth == null || auth.identityToken() == null)) {
            throw new EngineException(ErrorKind.UNAUTHORIZED, "Get \"" + v2 + "\": unauthorized: authentication required");
        }
        String authorization = authenticator.authorization(endpoint, List.of(), auth);
        RegistryHttp.Buffered second = http.send(http.request(endpoint, "GET", v2)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization)));
        if (second.status() == 200) {
            return "Login Succeeded";
        }
        if (second.status() == 401) {
            // Docker's loginV2 wording for refused Basic credentials
            throw new EngineException(ErrorKind.UNAUTHORIZED,
                    "login attempt to " + v2 + " failed with status: 401 Unauthorized");
        }
        throw RegistryErrors.fromResponse(second.status(), second.reason(), second.body());
    }

    @Override
    public ManifestResponse getManifest(RegistryEndpoint endpoint, String repository, String reference,
                                        List<String> acceptedMediaTypes, RegistryAuth auth) throws IOException {
        URI uri = endpoint.baseUri().resolve("/v2/" + repository + "/manifests/" + reference);
        RegistryHttp.Buffered r = exchange(endpoint, "GET", uri, List.of(pullScope(repository)), auth,
                req -> req.headers(h -> h.put(HttpHeader.ACCEPT, String.join(", ", acceptedMediaTypes))));
        if (r.status() != 200) {
            throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
        }
        String mediaType = MediaTypes.base(r.header(HttpHeader.CONTENT_TYPE));
        JsonNode json = MAPPER.readTree(r.body());
        if (MediaTypes.isSchema1(mediaType) || json.path("schemaVersion").asInt() == 1) {
            throw EngineException.invalid("[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest "
                    + "version 2, schema 1 support has been removed. Suggest the author of %s to upgrade the image "
                    + "to the OCI Format or Docker Image manifest v2, schema 2. More information at "
                    + "https://docs.docker.com/go/deprecated-image-specs/", endpoint.hostAndPort() + "/" + repository
                    + (Digest.isDigest(reference) ? "@" : ":") + reference);
        }
        if (mediaType == null || mediaType.isEmpty() || "application/json".equals(mediaType)
                || "text/plain".equals(mediaType)) {
            mediaType = json.path("mediaType").asText(null); // OCI allows the field to speak for the header
        }
        Digest actual = Digest.sha256(r.body());
        if (Digest.isDigest(reference) && !Digest.parse(reference).equals(actual)) {
            throw EngineException.invalid("manifest verification failed for digest %s", reference);
        }
        return new ManifestResponse(mediaType, actual, r.body());
    }

    @Override
    public InputStream getBlob(RegistryEndpoint endpoint, String repository, Digest digest, long offset,
                               RegistryAuth auth) throws IOException {
        URI uri = endpoint.baseUri().resolve("/v2/" + repository + "/blobs/" + digest);
        List<String> scopes = List.of(pullScope(repository));
        String authorization = authenticator.authorization(endpoint, scopes, auth);
        boolean retriedAuth = false;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Request req = http.request(endpoint, "GET", uri);
            if (authorization != null && Origin.same(uri, endpoint.baseUri())) {
                String a = authorization;
                req.headers(h -> h.put(HttpHeader.AUTHORIZATION, a));
            }
            if (offset > 0) {
                req.headers(h -> h.put(HttpHeader.RANGE, "bytes=" + offset + "-"));
            }
            RegistryHttp.Streamed s = http.open(req);
            int status = s.status();
            if (isRedirect(status) && s.header(HttpHeader.LOCATION) != null) {
                s.body().close();
                uri = uri.resolve(s.header(HttpHeader.LOCATION));
                continue;
            }
            if (status == 401 && !retriedAuth) {
                s.body().close();
                retriedAuth = true;
                authenticator.invalidate(endpoint, scopes, auth);
                authorization = authenticator.authorization(endpoint, scopes, auth);
                hop--;
                continue;
            }
            if (status == 206) {
                return s.body();
            }
            if (status == 200) {
                InputStream body = s.body();
                if (offset > 0) {
                    body.skipNBytes(offset); // the registry ignored Range: drop what we already have
                }
                return body;
            }
            byte[] error = RegistryHttp.readLimited(s.body());
            throw RegistryErrors.fromResponse(status, s.reason(), error);
        }
        throw new IOException("Get \"" + uri + "\": stopped after " + MAX_REDIRECTS + " redirects");
    }

    @Override
    public long statBlob(RegistryEndpoint endpoint, String repository, Digest digest, RegistryAuth auth)
            throws IOException {
        URI uri = endpoint.baseUri().resolve("/v2/" + repository + "/blobs/" + digest);
        RegistryHttp.Buffered r = exchange(endpoint, "HEAD", uri, List.of(pullScope(repository)), auth, req -> { });
        for (int hop = 0; isRedirect(r.status()) && hop < MAX_REDIRECTS; hop++) {
            uri = uri.resolve(r.header(HttpHeader.LOCATION));
            r = http.send(http.request(endpoint, "HEAD", uri));
        }
        if (r.status() == 200) {
            long length = r.headers().getLongField(HttpHeader.CONTENT_LENGTH);
            return Math.max(length, 0);
        }
        if (r.status() == 404) {
            return -1;
        }
        throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
    }

    @Override
    public boolean mountBlob(RegistryEndpoint endpoint, String repository, Digest digest, String fromRepository,
                             RegistryAuth auth) throws IOException {
        URI uri = endpoint.baseUri().resolve("/v2/" + repository + "/blobs/uploads/?mount=" + enc(digest.toString())
                + "&from=" + enc(fromRepository));
        List<String> scopes = List.of(pushScope(repository), pullScope(fromRepository));
        RegistryHttp.Buffered r;
        try {
            r = exchange(endpoint, "POST", uri, scopes, auth, req -> req.body(new BytesRequestContent(new byte[0])));
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.FORBIDDEN) {
                return false; // no pull access to the source: upload instead, as Docker does
            }
            throw e;
        }
        if (r.status() == 201) {
            return true;
        }
        if (r.status() == 202) {
            cancelUpload(endpoint, location(endpoint, r), scopes, auth);
            return false;
        }
        if (r.status() == 401 || r.status() == 403 || r.status() == 404) {
            return false;
        }
        throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
    }

    @Override
    public void putBlob(RegistryEndpoint endpoint, String repository, Digest digest, long size, InputStream content,
                        RegistryAuth auth) throws IOException {
        List<String> scopes = List.of(pushScope(repository));
        URI start = endpoint.baseUri().resolve("/v2/" + repository + "/blobs/uploads/");
        RegistryHttp.Buffered session = exchange(endpoint, "POST", start, scopes, auth,
                req -> req.body(new BytesRequestContent(new byte[0])));
        if (session.status() != 202) {
            throw RegistryErrors.fromResponse(session.status(), session.reason(), session.body());
        }
        URI upload = location(endpoint, session);
        String authorization = authenticator.authorization(endpoint, scopes, auth);
        if (size >= 0 && size <= MONOLITHIC_MAX) {
            byte[] bytes = content.readAllBytes();
            RegistryHttp.Buffered put = send(endpoint, "PUT", withDigest(upload, digest), authorization,
                    req -> req.body(new BytesRequestContent("application/octet-stream", bytes)));
            expect(put, 201);
            return;
        }
        RegistryHttp.Buffered patch = send(endpoint, "PATCH", upload, authorization,
                req -> req.body(new InputStreamRequestContent("application/octet-stream", content, 256 * 1024)));
        if (patch.status() != 202 && patch.status() != 204) {
            throw RegistryErrors.fromResponse(patch.status(), patch.reason(), patch.body());
        }
        URI next = patch.header(HttpHeader.LOCATION) == null ? upload : location(endpoint, patch);
        RegistryHttp.Buffered put = send(endpoint, "PUT", withDigest(next, digest), authorization,
                req -> req.body(new BytesRequestContent(new byte[0])));
        expect(put, 201);
    }

    @Override
    public Digest putManifest(RegistryEndpoint endpoint, String repository, String reference, String mediaType,
                              byte[] content, RegistryAuth auth) throws IOException {
        URI uri = endpoint.baseUri().resolve("/v2/" + repository + "/manifests/" + reference);
        RegistryHttp.Buffered r = exchange(endpoint, "PUT", uri, List.of(pushScope(repository)), auth,
                req -> req.body(new BytesRequestContent(mediaType, content)));
        expect(r, 201);
        String reported = r.headers().get("Docker-Content-Digest");
        return reported != null && Digest.isDigest(reported) ? Digest.parse(reported) : Digest.sha256(content);
    }

    @Override
    public List<String> listTags(RegistryEndpoint endpoint, String repository, RegistryAuth auth) throws IOException {
        List<String> tags = new ArrayList<>();
        URI uri = endpoint.baseUri().resolve("/v2/" + repository + "/tags/list");
        while (uri != null) {
            RegistryHttp.Buffered r = exchange(endpoint, "GET", uri, List.of(pullScope(repository)), auth, req -> { });
            if (r.status() != 200) {
                throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
            }
            JsonNode list = MAPPER.readTree(r.body()).path("tags");
            list.forEach(t -> tags.add(t.asText()));
            uri = nextPage(uri, r);
        }
        return tags;
    }

    /** The page a {@code Link: <...>; rel="next"} header names, or null on the last page. */
    private static URI nextPage(URI current, RegistryHttp.Buffered r) {
        String link = r.headers().get("Link");
        Matcher m = link == null ? null : NEXT_LINK.matcher(link);
        return m != null && m.find() ? current.resolve(m.group(1)) : null;
    }

    @Override
    public List<SearchResult> searchV1(RegistryEndpoint endpoint, String term, int limit, RegistryAuth auth)
            throws IOException {
        // moby pings /v1/_ping first, taking any answer as reachable: with the short ping timeout, an https
        // attempt at a plain-http registry that never answers the TLS handshake fails fast and http is tried
        http.send(http.request(endpoint, "GET", endpoint.baseUri().resolve("/v1/_ping")), http.pingTimeout());
        URI uri = endpoint.baseUri().resolve("/v1/search?q=" + enc(term) + "&n=" + limit);
        // X-Docker-Token asks a v1 index to accept the credentials, as Docker sends it
        RegistryHttp.Buffered r = anonymousFirst(endpoint, uri, SEARCH_SCOPE, auth,
                req -> req.headers(h -> h.put("X-Docker-Token", "true")));
        if (r.status() != 200) {
            throw new EngineException(r.status() == 404 ? ErrorKind.NOT_FOUND : ErrorKind.SYSTEM,
                    "unexpected status code " + r.status());
        }
        JsonNode results;
        try {
            results = MAPPER.readTree(r.body()).path("results");
        } catch (IOException e) {
            throw new EngineException(ErrorKind.SYSTEM, "error decoding registry search results: " + e.getMessage());
        }
        List<SearchResult> found = new ArrayList<>();
        for (JsonNode result : results) {
            found.add(new SearchResult(result.path("name").asText(""), result.path("description").asText(""),
                    result.path("star_count").asInt(), result.path("is_official").asBoolean(),
                    result.path("is_automated").asBoolean()));
        }
        return found;
    }

    @Override
    public List<String> catalog(RegistryEndpoint endpoint, int max, RegistryAuth auth) throws IOException {
        List<String> names = new ArrayList<>();
        URI uri = endpoint.baseUri().resolve("/v2/_catalog?n=" + CATALOG_PAGE);
        while (uri != null && names.size() < max) {
            RegistryHttp.Buffered r = anonymousFirst(endpoint, uri, CATALOG_SCOPE, auth, req -> { });
            if (r.status() != 200) {
                throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
            }
            MAPPER.readTree(r.body()).path("repositories").forEach(n -> names.add(n.asText()));
            uri = nextPage(uri, r);
        }
        return names.size() > max ? names.subList(0, max) : names;
    }

    /**
     * A GET sent without credentials and, when challenged, again with them: search endpoints live outside /v2/
     * (a v1 index has none to ping), so the challenge is learnt from their own answer.
     */
    private RegistryHttp.Buffered anonymousFirst(RegistryEndpoint endpoint, URI uri, String scope, RegistryAuth auth,
                                                 Consumer<Request> customizer) throws IOException {
        RegistryHttp.Buffered r = send(endpoint, "GET", uri, null, customizer);
        if (r.status() != 401) {
            return r;
        }
        authenticator.learn(endpoint, r);
        return send(endpoint, "GET", uri, authenticator.authorization(endpoint, List.of(scope), auth), customizer);
    }

    /** Sends with the scope's credentials; a 401 (expired token, changed auth) is retried once with fresh ones. */
    private RegistryHttp.Buffered exchange(RegistryEndpoint endpoint, String method, URI uri, List<String> scopes,
                                           RegistryAuth auth, Consumer<Request> customizer) throws IOException {
        String authorization = authenticator.authorization(endpoint, scopes, auth);
        RegistryHttp.Buffered r = send(endpoint, method, uri, authorization, customizer);
        if (r.status() == 401) {
            authenticator.learn(endpoint, r);
            authenticator.invalidate(endpoint, scopes, auth);
            String fresh = authenticator.authorization(endpoint, scopes, auth);
            if (fresh != null && !Objects.equals(fresh, authorization)) {
                r = send(endpoint, method, uri, fresh, customizer);
            }
        }
        return r;
    }

    private RegistryHttp.Buffered send(RegistryEndpoint endpoint, String method, URI uri, String authorization,
                                       Consumer<Request> customizer) throws IOException {
        Request req = http.request(endpoint, method, uri);
        // upload sessions and Link pages may live on another origin: the registry's credentials stay with it
        if (authorization != null && Origin.same(uri, endpoint.baseUri())) {
            req.headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization));
        }
        customizer.accept(req);
        return http.send(req);
    }

    private void cancelUpload(RegistryEndpoint endpoint, URI upload, List<String> scopes, RegistryAuth auth) {
        try {
            send(endpoint, "DELETE", upload, authenticator.authorization(endpoint, scopes, auth), req -> { });
        } catch (IOException | RuntimeException ignored) {
            // the registry expires abandoned upload sessions itself
        }
    }

    private static URI location(RegistryEndpoint endpoint, RegistryHttp.Buffered r) throws IOException {
        String location = r.header(HttpHeader.LOCATION);
        if (location == null) {
            throw new IOException("the registry answered an upload without a Location");
        }
        return endpoint.baseUri().resolve(location);
    }

    private static URI withDigest(URI upload, Digest digest) {
        String s = upload.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + enc(digest.toString()));
    }

    private static void expect(RegistryHttp.Buffered r, int status) {
        if (r.status() != status) {
            throw RegistryErrors.fromResponse(r.status(), r.reason(), r.body());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
