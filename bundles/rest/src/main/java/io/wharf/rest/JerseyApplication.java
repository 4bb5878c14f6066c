package io.wharf.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.jetty.JettyHttpContainerProvider;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Builds the Jersey container from the resources contributed by other bundles and rebuilds it when that set
 * changes. Jersey's bootstrap is the costly part of startup, so features we do not use are switched off.
 */
final class JerseyApplication {
    private static final Map<String, Object> LEAN = Map.of(
            ServerProperties.WADL_FEATURE_DISABLE, true,
            ServerProperties.BV_FEATURE_DISABLE, true,
            ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true,
            ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true,
            ServerProperties.JSON_PROCESSING_FEATURE_DISABLE, true,
            ServerProperties.JSON_BINDING_FEATURE_DISABLE, true,
            ServerProperties.MOXY_JSON_FEATURE_DISABLE, true,
            CommonProperties.PROVIDER_DEFAULT_DISABLE, "DATASOURCE,DOMSOURCE,RENDEREDIMAGE,SAXSOURCE",
            ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true,
            // No entity buffering: a flush must reach the client (wait, events, pull progress stream live);
            // JSON entities, complete before they are written, are sent whole by BufferedJsonProvider.
            ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);

    // made on first use: jackson-databind's bootstrap is not free. Blackbird replaces Jackson's reflective reads of
    // the wire records' properties with generated lambdas, FieldAccessors those of public fields (inspect spent a
    // tenth of its time in reflection)
    private ObjectMapper mapper;
    private final RouteTimingFilter routeTiming;

    JerseyApplication(RequestMetrics metrics) {
        this.routeTiming = new RouteTimingFilter(metrics);
    }

    /** @param timed whether answered requests are reported (metrics configured): else no filter runs at all */
    ResourceConfig config(List<Object> resources, boolean timed) {
        if (mapper == null) {
            mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .registerModule(new BlackbirdModule(new BlackbirdLookups()))
                    .registerModule(new SimpleModule("field-getters").setSerializerModifier(new FieldAccessors()));
        }
        ResourceConfig config = new ResourceConfig();
        config.addProperties(LEAN);
        config.register(new BufferedJsonProvider(mapper));
        config.register(new ErrorMappers());
        if (timed) {
            config.register(routeTiming); // Jersey runs its filter stages only when some filter is registered
        }
        resources.forEach(config::register);
        return config;
    }

    /** Creates the container; jakarta.ws.rs finds Jersey's RuntimeDelegate only through the context loader. */
    JettyHttpContainer create(List<Object> resources, boolean timed) {
        return withJerseyClassLoader(() -> new JettyHttpContainerProvider()
                .createContainer(JettyHttpContainer.class, config(resources, timed)));
    }

    private static <T> T withJerseyClassLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ResourceConfig.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
