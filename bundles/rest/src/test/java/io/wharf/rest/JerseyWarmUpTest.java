package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.rest.RestResources;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.jersey.server.ApplicationHandler;
import org.junit.jupiter.api.Test;

class JerseyWarmUpTest {
    @Path("/")
    public static final class FirstRequests {
        private final List<String> served;

        FirstRequests(List<String> served) {
            this.served = served;
        }

        @GET
        @Path("containers/json")
        @Produces(MediaType.APPLICATION_JSON)
        public List<Map<String, String>> list(@QueryParam("all") String all,
                                              @HeaderParam(RestResources.API_VERSION_HEADER) String version) {
            served.add("list all=" + all + " version=" + version);
            return List.of(Map.of("Id", "abc"));
        }

        @GET
        @Path("images/json")
        public String images() {
            served.add("images");
            throw new IllegalStateException("the image store is still starting");
        }

        @GET
        @Path("version")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> version() {
            served.add("version");
            return Map.of("Version", "test");
        }
    }

    @Test
    void runsTheFirstRequestsOfClientsUntimedWhateverTheyAnswer() {
        List<String> served = new CopyOnWriteArrayList<>();
        List<String> reported = new CopyOnWriteArrayList<>();
        RequestMetrics metrics = new RequestMetrics();
        metrics.bind(new EngineMetrics() {
            @Override
            public void apiRequest(String method, String route, int status, long durationNanos) {
                reported.add(method + " " + route);
            }

            @Override
            public void imageTransfer(Transfer transfer, boolean succeeded, long bytes) {
            }

            @Override
            public void healthCheck(boolean passed) {
            }
        });
        ApplicationHandler handler = new ApplicationHandler(new JerseyApplication(metrics)
                .config(List.of(new FirstRequests(served)), true));

        JerseyWarmUp.run(handler);

        assertEquals(List.of("list all=1 version=" + RestResources.CURRENT_API_VERSION, "images", "version"), served);
        assertEquals(List.of(), reported, "a warm-up is no client's request");
    }
}
