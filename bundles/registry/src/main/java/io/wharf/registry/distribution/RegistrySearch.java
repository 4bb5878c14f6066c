package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.model.ImageReference;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.RegistryEndpoint;
import io.wharf.api.registry.RegistryTransport;
import io.wharf.api.registry.SearchQuery;
import io.wharf.api.registry.SearchResult;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * docker search as moby's registry service does it: the term names the registry ({@code localhost:5000/busy}) or
 * is Docker Hub's, the registry's v1 search API answers, and the results are filtered by {@code is-official} and
 * {@code stars}. Beyond Docker, a registry whose v1 search is absent (404: every v2-only registry) is searched
 * through its v2 catalog: repository names containing the term, named with the registry so that they can be
 * pulled as they are shown.
 */
public final class RegistrySearch {
    static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 100;
    /** How many catalog names are scanned at most: a big registry is searched in its first pages only. */
    private static final int CATALOG_MAX = 10_000;
    private static final URI HUB_INDEX = URI.create("https://index.docker.io");

    private final RegistryTransport transport;
    private final EndpointResolver resolver;

    public RegistrySearch(RegistryTransport transport, EndpointResolver resolver) {
        this.transport = transport;
        this.resolver = resolver;
    }

    public List<SearchResult> search(SearchQuery query, RegistryAuth auth) throws IOException {
        String term = query.term() == null ? "" : query.term();
        if (term.contains("://")) {
            throw EngineException.invalid("invalid repository name: repository name (%s) should not have a scheme",
                    term);
        }
        int limit = query.limit() == 0 ? DEFAULT_LIMIT : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw EngineException.invalid("limit %d is outside the range of [1, %d]", limit, MAX_LIMIT);
        }
        if (query.automated()) {
            return List.of(); // is-automated is deprecated: Docker answers nothing for is-automated=true
        }
        List<SearchResult> filtered = new ArrayList<>();
        for (SearchResult r : unfiltered(term, limit, auth)) {
            if ((query.official() == null || query.official() == r.official()) && r.starCount() >= query.minStars()) {
                filtered.add(new SearchResult(r.name(), r.description(), r.starCount(), r.official(), false));
            }
        }
        return filtered;
    }

    private List<SearchResult> unfiltered(String term, int limit, RegistryAuth auth) throws IOException {
        int slash = term.indexOf('/');
        String first = slash < 0 ? "" : term.substring(0, slash);
        boolean hub = slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))
                || first.equals(ImageReference.DEFAULT_DOMAIN) || first.equals("index.docker.io");
        if (hub) {
            String remote = slash >= 0 && !first.contains(".") ? term : term.substring(slash + 1);
            // pulled as "library/foo", stored as "foo": Docker searches the short name
            remote = remote.startsWith("library/") ? remote.substring("library/".length()) : remote;
            return transport.searchV1(new RegistryEndpoint(HUB_INDEX, false, false), remote, limit, auth);
        }
        String remote = term.substring(slash + 1);
        List<RegistryEndpoint> endpoints = resolver.endpointsFor(first);
        List<String> attempts = new ArrayList<>();
        for (RegistryEndpoint endpoint : endpoints) {
            try {
                return searchOne(endpoint, first, remote, limit, auth);
            } catch (IOException e) {
                attempts.add(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        throw unreachable(endpoints, first, attempts);
    }

    private List<SearchResult> searchOne(RegistryEndpoint endpoint, String registry, String remote, int limit,
                                         RegistryAuth auth) throws IOException {
        try {
            return transport.searchV1(endpoint, remote, limit, auth);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
        String needle = remote.toLowerCase(Locale.ROOT);
        List<SearchResult> found = new ArrayList<>();
        for (String name : transport.catalog(endpoint, CATALOG_MAX, auth)) {
            if (found.size() == limit) {
                break;
            }
            if (name.toLowerCase(Locale.ROOT).contains(needle)) {
                found.add(new SearchResult(registry + "/" + name, "", 0, false, false));
            }
        }
        return found;
    }

    /** Docker's words when neither HTTPS nor (for an insecure registry) plain HTTP could be reached. */
    private static EngineException unreachable(List<RegistryEndpoint> endpoints, String registry,
                                               List<String> attempts) {
        String v1 = endpoints.get(0).baseUri() + "/v1/";
        if (attempts.size() > 1) {
            return EngineException.invalid("invalid registry endpoint \"%s\". HTTPS attempt: %s. HTTP attempt: %s",
                    v1, attempts.get(0), attempts.get(1));
        }
        return EngineException.invalid("invalid registry endpoint %s: %s. If this private registry supports only "
                + "HTTP or HTTPS with an unknown CA certificate, add `--insecure-registry %s` to the daemon's "
                + "arguments. In the case of HTTPS, if you have access to the registry's CA certificate, no need for "
                + "the flag; place the CA certificate at /etc/docker/certs.d/%s/ca.crt", v1,
                attempts.isEmpty() ? "unreachable" : attempts.get(0), registry, registry);
    }
}
