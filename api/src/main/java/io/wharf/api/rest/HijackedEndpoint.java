package io.wharf.api.rest;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A POST endpoint that takes over its connection after the response headers (Docker's attach and exec start).
 * Register it as a service with {@value #PATH_PATTERN_PROPERTY} set to a regular expression matched against the
 * unversioned path, e.g. {@code /containers/[^/]+/attach}; a DS component sets it with {@link HijackPath}.
 *
 * <p>A path ending in {@value #WEBSOCKET_SUFFIX} is served as a WebSocket instead ({@code GET} with
 * {@code Upgrade: websocket}, as dockerd's {@code /containers/{id}/attach/ws}): the session's {@link RawStream}
 * reads the payloads of the client's messages, each write is sent as one message, and closing it closes the
 * WebSocket (there is no half-close).
 */
@ConsumerType
public interface HijackedEndpoint {
    String PATH_PATTERN_PROPERTY = "wharf.hijack.path";
    /** The path ending of endpoints served over a WebSocket. */
    String WEBSOCKET_SUFFIX = "/ws";

    /**
     * Validates the request before the connection is switched; throwing an
     * {@link io.wharf.api.errors.EngineException} here answers with a normal JSON error instead. Returning null
     * means the request was served without taking over the connection (a detached exec start): the answer is
     * a plain {@code 200} with an empty body.
     */
    Session open(HijackRequest request);

    /** What runs on the raw connection once the 101 (or 200) header has been sent. */
    @FunctionalInterface
    interface Session {
        void run(RawStream stream) throws Exception;
    }
}
