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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure becomes Docker's {@code {"message": ...}} with the right status; only real faults are 500. */
final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static Response json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("message", message == null ? "" : message)).build();
    }

    static final class EngineErrors implements ExceptionMapper<EngineException> {
        @Override
        public Response toResponse(EngineException e) {
            if (e.kind().httpStatus() >= 500) {
                LOG.warn("request failed: {}", e.getMessage(), e);
            }
            return json(e.kind().httpStatus(), e.getMessage());
        }
    }

    static final class MalformedJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return json(400, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    static final class WebErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (e instanceof NotFoundException) {
                return json(404, "page not found");
            }
            if (e instanceof NotAllowedException) {
                return json(405, "method not allowed");
            }
            Throwable cause = e.getCause();
            if (cause instanceof JsonProcessingException json) {
                return new MalformedJson().toResponse(json);
            }
            int status = e.getResponse().getStatus();
            String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
            return json(status, message);
        }
    }

    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof ProcessingException && e.getCause() instanceof JsonProcessingException json) {
                return new MalformedJson().toResponse(json);
            }
            if (e instanceof ProcessingException && e.getCause() instanceof EngineException engine) {
                return new EngineErrors().toResponse(engine);
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RequestBodyLimit.TooLarge tooLarge) {
                    return json(413, tooLarge.getMessage());
                }
            }
            LOG.error("unexpected server fault", e);
            return json(500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
