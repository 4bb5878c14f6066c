package io.wharf.api.rest;

import java.util.List;
import java.util.Map;

/** The request that precedes a hijacked connection (attach, exec start), with the version prefix removed. */
public record HijackRequest(String method, String path, Map<String, List<String>> query,
                            Map<String, String> headers, byte[] body, String apiVersion) {
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
