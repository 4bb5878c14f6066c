package io.wharf.plugins.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty HTTP clients plugin calls use: one for unix sockets and plain TCP, and one per TLS setting of .json
 * specs (a CA file, or no verification). Client certificates of .json specs are not supported yet.
 */
final class PluginHttp implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final Map<PluginAddress.TlsOptions, HttpClient> byTls = new ConcurrentHashMap<>();
    private final HttpClient plain;

    PluginHttp() throws IOException {
        plain = start(null);
    }

    HttpClient clientFor(PluginAddress address) throws IOException {
        PluginAddress.TlsOptions tls = address.tls();
        if (tls == null || address.isUnix()) {
            return plain;
        }
        if (tls.certFile() != null && !tls.certFile().isEmpty()) {
            throw new IOException("plugin " + address.name() + ": TLS client certificates are not supported");
        }
        HttpClient existing = byTls.get(tls);
        if (existing != null) {
            return existing;
        }
        synchronized (byTls) {
            HttpClient created = byTls.get(tls);
            if (created == null) {
                created = start(sslFor(tls));
                byTls.put(tls, created);
            }
            return created;
        }
    }

    private static SslContextFactory.Client sslFor(PluginAddress.TlsOptions tls) throws IOException {
        SslContextFactory.Client ssl = new SslContextFactory.Client(tls.insecureSkipVerify());
        if (tls.insecureSkipVerify()) {
            ssl.setEndpointIdentificationAlgorithm(null);
            return ssl;
        }
        try (InputStream in = Files.newInputStream(Path.of(tls.caFile()))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            ssl.setTrustStore(trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA file " + tls.caFile() + ": " + e.getMessage(), e);
        }
        return ssl;
    }

    private static HttpClient start(SslContextFactory.Client ssl) throws IOException {
        ClientConnector connector = new ClientConnector();
        if (ssl != null) {
            connector.setSslContextFactory(ssl);
        }
        connector.setConnectTimeout(CONNECT_TIMEOUT);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        QueuedThreadPool pool = new QueuedThreadPool(32, 1);
        pool.setName("wharf-plugin-http");
        pool.setDaemon(true);
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IOException("cannot start the plugin HTTP client: " + e, e);
        }
        client.getProtocolHandlers().clear(); // a plugin's 401 or redirect is its answer, not Jetty's business
        return client;
    }

    @Override
    public void close() {
        for (HttpClient c : byTls.values()) {
            stop(c);
        }
        stop(plain);
    }

    private static void stop(HttpClient c) {
        try {
            c.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
    }
}
