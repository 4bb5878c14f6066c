package io.wharf.api.image;

import io.wharf.api.model.Digest;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Tells the image store which images containers use, so it can refuse to delete them. */
@ConsumerType
public interface ImageUsage {
    /** Short IDs of containers using the image, running ones first; empty when none. */
    List<String> containersUsing(Digest imageId, boolean runningOnly);
}
