package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.registry.RegistryAuth;
import io.wharf.api.registry.SearchQuery;
import io.wharf.api.registry.SearchResult;
import io.wharf.registry.http.Authenticator;
import io.wharf.registry.http.HttpRegistryTransport;
import io.wharf.registry.http.RegistryHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docker search over the real HTTP transport against small fake registries on loopback (plain HTTP). */
class RegistrySearchTest {
    private static final String V1_RESULTS = "{\"num_results\":3,\"query\":\"busy\",\"results\":["
            + "{\"name\":\"busybox\",\"description\":\"Busybox base image.\",\"star_count\":3037,"
            + "\"is_official\":true,\"is_automated\":true},"
            + "{\"name\":\"team/busy\",\"description\":\"a team's\",\"star_count\":2,\"is_official\":false,"
            + "\"is_automated\":false},"
            + "{\"name\":\"someone/busy\",\"description\":\"\",\"star_count\":0,\"is_official\":false,"
            + "\"is_automated\":false}]}";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final RegistryHttp http = new RegistryHttp(Duration.ofMillis(500));
    private final RegistrySearch search = new RegistrySearch(
            new HttpRegistryTransport(http, new Authenticator(http, Clock.systemUTC())),
            new EndpointResolver(List.of(), List.of()));
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        http.close();
    }

    private String start(boolean v1) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (v1 && path.equals("/v1/search")) {
                answer(exchange, 200, V1_RESULTS, null);
            } else if (!v1 && path.equals("/v2/_catalog") && query.contains("last=")) {
                answer(exchange, 200, "{\"repositories\":[\"tools/busybox\",\"zeta\"]}", null);
            } else if (!v1 && path.equals("/v2/_catalog")) {
                answer(exchange, 200, "{\"repositories\":[\"alpine\",\"library/BusyBox\",\"team/busy\"]}",
                        "</v2/_catalog?last=team%2Fbusy&n=1000>; rel=\"next\"");
            } else {
                answer(exchange, 404, "404 page not found\n", null);
            }
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (link != null) {
            exchange.getResponseHeaders().add("Link", link);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private List<SearchResult> search(SearchQuery query) throws IOException {
        return search.search(query, RegistryAuth.anonymous());
    }

    @Test
    void v1SearchAnswersAsTheRegistrySaysWithIsAutomatedAlwaysFalse() throws IOException {
        String registry = start(true);
        List<SearchResult> found = search(new SearchQuery(registry + "/busy", 5, null, 0, false));
        assertEquals(List.of(new SearchResult("busybox", "Busybox base image.", 3037, true, false),
                new SearchResult("team/busy", "a team's", 2, false, false),
                new SearchResult("someone/busy", "", 0, false, false)), found);
        // https first (refused by this plain-HTTP server), then HTTP as for any loopback registry
        assertTrue(requests.contains("/v1/search?q=busy&n=5"), requests.toString());
    }

    @Test
    void filtersKeepOfficialOrStarredResults() throws IOException {
        String registry = start(true);
        assertEquals(List.of("busybox"), names(search(new SearchQuery(registry + "/busy", 0, true, 0, false))));
        assertEquals(List.of("team/busy", "someone/busy"),
                names(search(new SearchQuery(registry + "/busy", 0, false, 0, false))));
        assertEquals(List.of("busybox", "team/busy"), names(search(new SearchQuery(registry + "/busy", 0, null, 2, false))));
        assertEquals(List.of(), search(new SearchQuery(registry + "/busy", 0, null, 0, true)));
        assertTrue(requests.contains("/v1/search?q=busy&n=25"), "the default limit is 25: " + requests);
    }

    @Test
    void aV2OnlyRegistryIsSearchedThroughItsCatalogPageByPage() throws IOException {
        String registry = start(false);
        assertEquals(List.of(registry + "/library/BusyBox", registry + "/team/busy", registry + "/tools/busybox"),
                names(search(SearchQuery.of(registry + "/busy"))));
        assertEquals(List.of(registry + "/library/BusyBox"), names(search(new SearchQuery(registry + "/busy", 1, null,
                0, false))));
        assertEquals(List.of(), search(new SearchQuery(registry + "/busy", 0, true, 0, false)));
        assertEquals(5, search(SearchQuery.of(registry + "/")).size());
    }

    @Test
    void badTermsAndLimitsAreTheClientsMistake() {
        EngineException scheme = assertThrows(EngineException.class,
                () -> search(SearchQuery.of("http://localhost:5000/busy")));
        assertEquals("invalid repository name: repository name (http://localhost:5000/busy) should not have a scheme",
                scheme.getMessage());
        EngineException limit = assertThrows(EngineException.class,
                () -> search(new SearchQuery("localhost:5000/busy", 101, null, 0, false)));
        assertEquals(ErrorKind.INVALID_PARAMETER, limit.kind());
        assertEquals("limit 101 is outside the range of [1, 100]", limit.getMessage());
    }

    @Test
    void anUnreachableRegistryIsAnInvalidEndpointNamingBothAttempts() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        EngineException e = assertThrows(EngineException.class, () -> search(SearchQuery.of("127.0.0.1:" + port + "/x")));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("invalid registry endpoint \"https://127.0.0.1:" + port
                + "/v1/\". HTTPS attempt: "), e.getMessage());
        assertTrue(e.getMessage().contains(". HTTP attempt: "), e.getMessage());
    }

    private static List<String> names(List<SearchResult> results) {
        return results.stream().map(SearchResult::name).toList();
    }
}
