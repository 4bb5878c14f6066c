package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** A request interrupted while it waits (the REST bundle stopping under it in a swap) gets a 503, not Jetty's 500. */
class InterruptedRequestsTest {
    @Test
    void anInterruptedRequestIsA503ToRetry() throws Exception {
        Server server = new Server();
        LocalConnector connector = new LocalConnector(server);
        server.addConnector(connector);
        server.setHandler(new InterruptedRequests(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                throw new InterruptedException(); // as EngineSettling's wait when Jetty stops its thread
            }
        }));
        server.start();
        try {
            HttpTester.Response response = HttpTester.parseResponse(
                    connector.getResponse("GET /containers/json HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(503, response.getStatus());
            assertTrue(response.getContent().contains(ErrorMappers.INTERRUPTED), response.getContent());
        } finally {
            server.stop();
        }
    }
}
