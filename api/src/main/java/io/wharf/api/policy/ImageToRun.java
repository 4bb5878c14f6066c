package io.wharf.api.policy;

import io.wharf.api.model.Digest;
import java.util.List;
import java.util.Map;

/**
 * A local image a container is about to be created from, as {@link ImagePolicy#checkRun} sees it.
 *
 * @param reference   as the client named it: a name ({@code busybox}, {@code 127.0.0.1:5000/app:1}), a name with a
 *                    digest, or a full or short image ID
 * @param id          the image ID the reference resolved to
 * @param repoTags    the image's familiar {@code name:tag} strings, sorted
 * @param repoDigests its familiar {@code name@digest} strings (where it was pulled from), sorted
 * @param labels      the labels of its configuration
 */
public record ImageToRun(String reference, Digest id, List<String> repoTags, List<String> repoDigests,
                         Map<String, String> labels) {
    public ImageToRun {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        labels = Map.copyOf(labels);
    }
}
