package io.wharf.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Serves {@code GET /metrics} in Prometheus' text format on its own small Jetty server, apart from the API. */
final class MetricsEndpoint implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    MetricsEndpoint(InetSocketAddress address, PrometheusRegistry registry) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("wharf-metrics");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(new Scrape(registry));
        server.start();
    }

    /** The port bound (the configured one, or the one chosen for port 0). */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class Scrape extends Handler.Abstract {
        private final PrometheusRegistry registry;
        private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

        Scrape(PrometheusRegistry registry) {
            this.registry = registry;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!"/metrics".equals(request.getHttpURI().getPath())) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                Response.writeError(request, response, callback, 405);
                return true;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.size());
            response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0)
                    : ByteBuffer.wrap(body.toByteArray()), callback);
            return true;
        }
    }
}
