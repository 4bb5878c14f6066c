package io.wharf.registry.http;

import io.wharf.api.registry.RegistryEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP layer under the transport: two Jetty clients, one verifying TLS (the default) and one that accepts any
 * certificate for insecure registries, each made on first use: loading the JDK's trust store and starting a client
 * costs a daemon that never pulls startup time and memory. Redirects are not followed here; the transport
 * follows them itself so that credentials are not sent to blob storage on another host.
 */
public final class RegistryHttp implements AutoCloseable {
    static final String USER_AGENT = "wharf/0.1 docker/28.2.2 go/go1.24 os/linux";
    private static final long CONNECT_TIMEOUT_MS = 15_000;
    private static final long IDLE_TIMEOUT_MS = 60_000;
    private static final long HEADERS_TIMEOUT_S = 60;
    private static final int MAX_BUFFERED = 8 * 1024 * 1024;
    /** A connection's read buffer: a blob arrives in pieces this large (Jetty's 16 KiB default: 8x the reads). */
    private static final int RESPONSE_BUFFER = 128 * 1024;

    /** Docker gives up on a registry's /v2/ after 15 seconds, then tries the next endpoint. */
    public static final java.time.Duration DEFAULT_PING_TIMEOUT = java.time.Duration.ofSeconds(15);

    private volatile HttpClient verifying;
    private volatile HttpClient trusting;
    private final java.time.Duration pingTimeout;
    private final RegistryProxies proxies;

    /** A response read whole (manifests, tokens, errors). */
    public record Buffered(int status, String reason, HttpFields headers, byte[] body) {
        public String header(HttpHeader name) {
            return headers.get(name);
        }
    }

    /** A response whose body is read as it arrives (blobs). Closing the stream aborts what is left. */
    public record Streamed(int status, String reason, HttpFields headers, InputStream body) {
        public String header(HttpHeader name) {
            return headers.get(name);
        }
    }

    public RegistryHttp() {
        this(DEFAULT_PING_TIMEOUT);
    }

    /**
     * @param pingTimeout how long a first contact (GET /v2/) may take: an https attempt at a plain-http server
     *                    that never answers the TLS handshake must not hold the fallback to http for long
     */
    public RegistryHttp(java.time.Duration pingTimeout) {
        this(pingTimeout, RegistryProxies.NONE);
    }

    /** @param proxies daemon.json proxies, for the daemon's registry traffic */
    public RegistryHttp(java.time.Duration pingTimeout, RegistryProxies proxies) {
        this.pingTimeout = pingTimeout;
        this.proxies = proxies;
    }

    public java.time.Duration pingTimeout() {
        return pingTimeout;
    }

    private HttpClient start(SslContextFactory.Client tls) throws IOException {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(java.time.Duration.ofMillis(CONNECT_TIMEOUT_MS));
        connector.setIdleTimeout(java.time.Duration.ofMillis(IDLE_TIMEOUT_MS));
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("wharf-registry-http");
        pool.setDaemon(true);
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
        client.setMaxConnectionsPerDestination(16);
        client.setResponseBufferSize(RESPONSE_BUFFER);
        proxies.configure(client.getProxyConfiguration());
        try {
            client.start();
        } catch (Exception e) {
            throw new IOException("cannot start the registry HTTP client: " + e, e);
        }
        // Jetty's own 401/407/redirect handling would intercept answers (a token server's bare 401 becomes a
        // "protocol violation"); authentication and redirects are this bundle's business.
        client.getProtocolHandlers().clear();
        return client;
    }

    private HttpClient clientFor(boolean insecure) throws IOException {
        HttpClient c = insecure ? trusting : verifying;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (insecure) {
                if (trusting == null) {
                    SslContextFactory.Client tls = new SslContextFactory.Client(true);
                    tls.setEndpointIdentificationAlgorithm(null);
                    trusting = start(tls);
                }
                return trusting;
            }
            if (verifying == null) {
                verifying = start(new SslContextFactory.Client(false));
            }
            return verifying;
        }
    }

    public Request request(RegistryEndpoint endpoint, String method, URI uri) throws IOException {
        return clientFor(endpoint.insecure()).newRequest(uri).method(method);
    }

    public Buffered send(Request request) throws IOException {
        return send(request, java.time.Duration.ofSeconds(HEADERS_TIMEOUT_S * 2));
    }

    public Buffered send(Request request, java.time.Duration timeout) throws IOException {
        try {
            ContentResponse r = request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).send();
            return new Buffered(r.getStatus(), r.getReason(), r.getHeaders(), r.getContent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw failure(request, e);
        } catch (RuntimeException e) {
            throw failure(request, e);
        }
    }

    /** Sends and returns as soon as the headers are in; the body streams. */
    public Streamed open(Request request) throws IOException {
        StreamingResponseListener listener = new StreamingResponseListener();
        request.send(listener);
        try {
            return listener.await(HEADERS_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            throw failure(request, e);
        }
    }

    public static byte[] readLimited(InputStream in) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(MAX_BUFFERED + 1);
            if (b.length > MAX_BUFFERED) {
                throw new IOException("response too large");
            }
            return b;
        }
    }

    private static IOException failure(Request request, Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new IOException(RegistryErrors.describe(request.getMethod(), request.getURI(), cause), cause);
    }

    @Override
    public void close() {
        for (HttpClient c : new HttpClient[] {verifying, trusting}) {
            if (c != null) {
                try {
                    c.stop();
                } catch (Exception ignored) {
                    // shutting down anyway
                }
            }
        }
    }
}
