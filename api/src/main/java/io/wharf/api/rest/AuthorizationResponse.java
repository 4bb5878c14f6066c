package io.wharf.api.rest;

import java.util.Map;

/**
 * An API answer as authorization sees it.
 *
 * @param body the whole body when it is JSON and was complete in the first write, else null
 */
public record AuthorizationResponse(int statusCode, Map<String, String> headers, byte[] body) {
}
