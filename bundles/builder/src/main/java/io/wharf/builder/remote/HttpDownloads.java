package io.wharf.builder.remote;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * HTTP GETs for the builder (a remote context, {@code ADD <url>}), answered as moby's remotecontext.GetWithStatusError
 * does: a status of 400 or more fails with {@code failed to GET <url> with status <status>: <body>}. Redirects are
 * followed, except from https to http. A body arrives as a stream framed by its Content-Length, so a server that
 * sends less fails the read, and one that sends more than the builder's download limit fails it too (a
 * Content-Length above it fails before the body is read).
 */
public final class HttpDownloads {
    /** How much of an error body goes into the message. */
    private static final int MAX_ERROR_BODY = 4096;

    /** The default download limit: 4 GiB, far above a sane context or ADD, far below a full disk. */
    public static final long DEFAULT_MAX_BYTES = 4L << 30;

    private final long maxBytes;
    /** Made by the first download: a client starts a selector thread and loads TLS, which most daemons never need. */
    private volatile HttpClient client;

    public HttpDownloads() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes the most one download may bring */
    public HttpDownloads(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the download limit must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(Duration.ofSeconds(30)).build();
                    client = c;
                }
            }
        }
        return c;
    }

    /** A successful response; closing it drops what is left of the body. */
    public record Download(String url, InputStream body, Optional<String> lastModified,
                           Optional<String> contentDisposition) implements AutoCloseable {
        /** {@code Last-Modified} as a time, when present and in HTTP's date format (else empty, as in Docker). */
        public Optional<Instant> lastModifiedTime() {
            return lastModified.flatMap(HttpDownloads::parseHttpDate);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * GETs {@code url} (http or https). A URL the client gave that cannot be fetched is the client's error: a 404
     * is NOT_FOUND, anything else INVALID, never a server error of the daemon.
     */
    public Download get(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid URL %s: %s", url, e.getMessage());
        }
        HttpResponse<InputStream> response;
        try {
            response = client().send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("GET " + url + " interrupted");
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("error downloading %s: %s", url, e.getMessage() == null ? e.toString()
                    : e.getMessage());
        }
        int status = response.statusCode();
        if (status >= 400) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
            }
            String message = "failed to GET " + url + " with status " + status + " " + reason(status) + ": " + body;
            throw status == 404 ? EngineException.notFound("%s", message) : EngineException.invalid("%s", message);
        }
        if (response.headers().firstValueAsLong("Content-Length").orElse(0) > maxBytes) {
            response.body().close();
            throw CappedBody.tooLarge(url, maxBytes);
        }
        return new Download(url, new CappedBody(response.body(), maxBytes, url),
                response.headers().firstValue("Last-Modified"),
                response.headers().firstValue("Content-Disposition"));
    }

    /** Go's http.StatusText for the statuses a file server answers; others have none here. */
    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    /** RFC 1123 dates, which is what servers send and what Go's http.ParseTime reads first. */
    static Optional<Instant> parseHttpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
