package io.wharf.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wharf.api.errors.EngineException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapper from failures to Docker's {@code {"message": ...}}, walking the cause chain as moby's
 * {@code httpstatus.FromError} does: an {@link EngineException} anywhere in the chain (under an
 * ExecutionException, CompletionException, UncheckedIOException or one of Jersey's wrappers) decides the status
 * and message, so callers never unwrap by hand. An interrupted request (its bundle stopped under it during a hot
 * swap) is Docker's 503, for the client to retry. What is not classified is a server fault: 500 with the message of
 * the failure under its wrappers, logged with its stack trace, which the client never sees.
 */
final class ErrorMappers implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);
    static final String INTERRUPTED = "the request was interrupted: the part of the engine serving it is being"
            + " replaced, try again";

    /** A status and the message of Docker's error body. */
    record ApiError(int status, String message) {
    }

    @Override
    public Response toResponse(Throwable e) {
        ApiError error = classify(e);
        return json(error.status(), error.message());
    }

    static Response json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("message", message == null ? "" : message)).build();
    }

    /** The status and message for a failure; server faults are logged here with their stack traces. */
    static ApiError classify(Throwable e) {
        EngineException engine = find(e, EngineException.class);
        if (engine != null) {
            if (engine.kind().httpStatus() >= 500) {
                LOG.warn("request failed: {}", engine.getMessage(), e);
            }
            return new ApiError(engine.kind().httpStatus(), engine.getMessage());
        }
        RequestBodyLimit.TooLarge tooLarge = find(e, RequestBodyLimit.TooLarge.class);
        if (tooLarge != null) {
            return new ApiError(413, tooLarge.getMessage());
        }
        if (find(e, InterruptedException.class) != null || find(e, ClosedByInterruptException.class) != null) {
            // the bundle serving it is being stopped or replaced (a hot swap): the engine is back in a moment
            LOG.info("request interrupted: {}", e.toString());
            return new ApiError(503, INTERRUPTED);
        }
        Throwable failure = unwrap(e);
        if (failure instanceof WebApplicationException web) {
            return webError(web);
        }
        if (failure instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        LOG.error("unexpected server fault", e);
        return new ApiError(500, messageOf(failure));
    }

    /** Jersey's own answers: no route, wrong method, an unreadable body, or a status a resource chose. */
    private static ApiError webError(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return new ApiError(404, "page not found");
        }
        if (e instanceof NotAllowedException) {
            return new ApiError(405, "method not allowed");
        }
        Throwable cause = e.getCause() == null ? null : unwrap(e.getCause());
        if (cause instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return new ApiError(e.getResponse().getStatus(), message == null ? "" : message);
    }

    private static ApiError malformedJson(JsonProcessingException e) {
        return new ApiError(400, "invalid JSON: " + e.getOriginalMessage());
    }

    /** The first throwable of the given type in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The failure under the wrappers that only carry another one across a thread, a lambda or Jersey. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (isWrapper(t) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof UncheckedIOException || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException || t instanceof ProcessingException;
    }

    /** Like Go's err.Error(): the message alone, or the type when there is none. */
    static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
