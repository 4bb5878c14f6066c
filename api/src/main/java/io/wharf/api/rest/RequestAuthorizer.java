package io.wharf.api.rest;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Consulted by the REST bundle for every API request before it is served and after its answer is known
 * (dockerd's authorization middleware). Without a registered authorizer every request is served.
 */
@ConsumerType
public interface RequestAuthorizer {
    /** Whether any authorization is configured; false lets the REST bundle skip reading bodies for it. */
    boolean active();

    /**
     * Returns when the request may be served. A denial is a FORBIDDEN {@link io.wharf.api.errors.EngineException}
     * ({@code authorization denied by plugin NAME: MSG}); an authorizer that cannot decide throws any other one.
     */
    void authorizeRequest(AuthorizationRequest request);

    /** As {@link #authorizeRequest}, once the answer's status and headers (and a small JSON body) are known. */
    void authorizeResponse(AuthorizationRequest request, AuthorizationResponse response);
}
