package io.wharf.rest;

import io.wharf.api.rest.RestResources;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the first requests clients make (`docker ps`, `docker images`) once through a freshly started
 * application, in memory and off the critical path, so that the first real one does not pay for loading and
 * compiling the request pipeline and the JSON writers of its answer. Nothing is kept: every real request is
 * answered afresh. The warm-up is no client's request: it is not timed ({@link #PROPERTY}), logged or authorized.
 */
final class JerseyWarmUp {
    /** Request property that marks a warm-up request. */
    static final String PROPERTY = "io.wharf.rest.warmUp";
    private static final Logger LOG = LoggerFactory.getLogger(JerseyWarmUp.class);
    private static final URI BASE = URI.create("http://localhost/");
    private static final List<String> PATHS = List.of("containers/json?all=1", "images/json", "version");
    private static final long TIMEOUT_SECONDS = 10;

    private JerseyWarmUp() {
    }

    /** Answers each warm-up request into nothing, whatever it answers (an error warms the error path). */
    static void run(ApplicationHandler handler) {
        for (String path : PATHS) {
            ContainerRequest request = new ContainerRequest(BASE, BASE.resolve(path), "GET", null,
                    new MapPropertiesDelegate(), handler.getConfiguration());
            request.header(RestResources.API_VERSION_HEADER, RestResources.CURRENT_API_VERSION);
            request.setProperty(PROPERTY, Boolean.TRUE);
            try {
                handler.apply(request, OutputStream.nullOutputStream()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("warm-up request {} failed: {}", path, e.toString());
            }
        }
    }
}
