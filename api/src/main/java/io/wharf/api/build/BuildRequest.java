package io.wharf.api.build;

import java.util.List;
import java.util.Map;

/** The parameters of POST /build. */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
                           Map<String, String> labels, String target, boolean noCache, boolean pull,
                           boolean removeIntermediate, boolean quiet, String platform, String networkMode) {
}
