package io.wharf.plugins.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.plugin.PluginCallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of Docker's plugin protocol (pkg/plugins.Client): {@code POST /METHOD} with a JSON body and
 * {@code Accept: application/vnd.docker.plugins.v1.2+json}. A plugin that cannot be reached is retried with
 * {@link RetryBackoff}; an answer other than 200 is a {@link PluginCallException} with the {@code Err} of its
 * JSON body, or the body itself.
 */
final class PluginClient {
    static final String ACCEPT = "application/vnd.docker.plugins.v1.2+json";
    /** A Get or List answer is small; this only keeps a broken plugin from taking the heap. */
    private static final int MAX_ANSWER = 16 << 20;
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(PluginClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final PluginAddress address;
    private final RetryBackoff backoff;

    PluginClient(HttpClient http, PluginAddress address, RetryBackoff backoff) {
        this.http = http;
        this.address = address;
        this.backoff = backoff;
    }

    byte[] call(String method, byte[] body) throws IOException {
        ContentResponse response = withRetries(method, () -> send(method, body));
        if (response.getStatus() != 200) {
            throw new PluginCallException(method, response.getStatus(), errorOf(response.getContent()));
        }
        return response.getContent();
    }

    /**
     * A call whose answer is a stream (moby's Client.Stream: {@code LogDriver.ReadLogs}), returned once its headers
     * came; reading blocks for what the plugin has not sent yet, and closing the stream aborts the call.
     */
    InputStream stream(String method, byte[] body) throws IOException {
        return withRetries(method, () -> open(method, body));
    }

    private interface Attempt<T> {
        T send() throws IOException;
    }

    /** dockerd's retries of a plugin it cannot reach; an answer, whatever its status, ends them. */
    private <T> T withRetries(String method, Attempt<T> attempt) throws IOException {
        long start = System.nanoTime();
        for (int retries = 0; ; retries++) {
            try {
                return attempt.send();
            } catch (PluginCallException answered) {
                throw answered;
            } catch (IOException e) {
                Duration next = backoff.delay(retries);
                if (backoff.exhausted(Duration.ofNanos(System.nanoTime() - start), next)) {
                    throw new IOException(method + ": plugin " + address.name() + " cannot be reached at "
                            + address.address() + ": " + e.getMessage(), e);
                }
                LOG.warn("Unable to connect to plugin {}{}: {}, retrying in {} ms", address.address(), "/" + method,
                        e.getMessage(), next.toMillis());
                sleep(next);
            }
        }
    }

    private InputStream open(String method, byte[] body) throws IOException {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        // a followed stream may be quiet for long: no idle timeout of its own
        request(method, body).idleTimeout(STREAM_IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).send(listener);
        Response response = await(method, () -> listener.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        InputStream in = listener.getInputStream();
        if (response.getStatus() != 200) {
            try (in) {
                throw new PluginCallException(method, response.getStatus(), errorOf(in.readNBytes(MAX_ANSWER)));
            }
        }
        return in;
    }

    private ContentResponse send(String method, byte[] body) throws IOException {
        Request request = request(method, body);
        return await(method, () -> new CompletableResponseListener(request, MAX_ANSWER).send()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private Request request(String method, byte[] body) {
        Request request = http.newRequest(baseUri() + "/" + method).method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.ACCEPT, ACCEPT))
                .body(new BytesRequestContent("application/json", body == null ? new byte[0] : body));
        if (address.isUnix()) {
            request.transport(new Transport.TCPUnix(Path.of(address.address().getPath())));
        }
        return request;
    }

    private interface Answer<T> {
        T get() throws InterruptedException, TimeoutException, ExecutionException;
    }

    /** The answer's headers (or whole answer), its failures as IOExceptions. */
    private static <T> T await(String method, Answer<T> answer) throws IOException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(method + ": interrupted");
        } catch (TimeoutException e) {
            throw new IOException("no answer in " + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    private String baseUri() {
        return switch (address.address().getScheme()) {
            case "unix" -> "http://plugin";
            case "tcp" -> (address.tls() != null ? "https://" : "http://") + address.address().getRawAuthority();
            case "http" -> "http://" + address.address().getRawAuthority();
            default -> address.address().getScheme() + "://" + address.address().getRawAuthority();
        };
    }

    /** dockerd's reading of a failed answer: its JSON {@code Err} when there is one, else the body as text. */
    static String errorOf(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("Err").isTextual() && !node.path("Err").asText().isEmpty()) {
                return node.path("Err").asText();
            }
        } catch (IOException notJson) {
            // the old way: plain text
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a plugin");
        }
    }
}
