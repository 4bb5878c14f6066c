package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wharf.api.rest.HijackedEndpoint;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {
    @Test
    void templateRegexesLeaveOnlyTheParameterNames() {
        assertEquals("/images/{name}/json", RequestMetrics.route("/images/{name: .+}/json"));
        assertEquals("/containers/{id}/logs", RequestMetrics.route("/containers/{id}/logs"));
        assertEquals("/v/{a}/{b}", RequestMetrics.route("/v/{ a : [^/]+ }/{b:.*}"));
        // worked out once: the same template gives the same label object back
        assertSame(RequestMetrics.route("/images/{name: .+}/json"), RequestMetrics.route("/images/{name: .+}/json"));
    }

    @Test
    void hijackedPatternsBecomeRoutes() {
        assertEquals("/exec/{id}/start", RequestMetrics.hijackedRoute("/exec/[^/]+/start", false));
        assertEquals("/containers/{id}/attach", RequestMetrics.hijackedRoute("/containers/[^/]+/attach(/ws)?", false));
        assertEquals("/containers/{id}/attach/ws", RequestMetrics.hijackedRoute("/containers/[^/]+/attach(/ws)?", true));
    }

    @Test
    void aHijackRouteNamesItselfFromItsPatternOnce() {
        HijackedEndpoint endpoint = request -> null;
        HijackHandler.Route route = new HijackHandler.Route(Pattern.compile("/containers/[^/]+/attach(/ws)?"), endpoint);
        assertEquals("/containers/{id}/attach", route.name(false));
        assertEquals("/containers/{id}/attach/ws", route.name(true));
        assertSame(route.name(true), route.name(true));
    }
}
