package io.wharf.api.rest;

import java.util.Map;

/**
 * An API request as authorization sees it (dockerd's authorization.Request).
 *
 * @param user            the client's name (a verified TLS certificate's common name), or empty
 * @param userAuthNMethod how the user was authenticated ("TLS"), or empty
 * @param requestUri      the path and query as the client sent them, API version prefix included
 * @param body            the body when it is JSON and under 1 MiB, else null
 * @param headers         one value per header, authentication headers left out
 */
public record AuthorizationRequest(String user, String userAuthNMethod, String method, String requestUri,
                                   byte[] body, Map<String, String> headers) {
}
