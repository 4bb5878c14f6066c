package io.wharf.api.rest;

/**
 * How a bundle contributes REST endpoints: register a JAX-RS resource or provider object as a service of type
 * {@code Object} with the property {@value #RESOURCE_PROPERTY}{@code =true} (a DS component: mark it
 * {@link JaxrsResource}). The REST bundle serves it under
 * both the unversioned and the {@code /v1.N} paths, and drops it when the service goes away.
 * Resources read the negotiated API version from the request header {@value #API_VERSION_HEADER}.
 * Errors are thrown as {@link io.wharf.api.errors.EngineException}.
 */
public final class RestResources {
    public static final String RESOURCE_PROPERTY = "wharf.jaxrs.resource";
    public static final String RESOURCE_FILTER = "(" + RESOURCE_PROPERTY + "=true)";
    /** Set by the REST bundle on every request: the API version the client asked for, or the current one. */
    public static final String API_VERSION_HEADER = "X-Wharf-Api-Version";
    public static final String CURRENT_API_VERSION = "1.50";
    public static final String MIN_API_VERSION = "1.24";

    private RestResources() {
    }
}
