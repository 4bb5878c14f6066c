package io.wharf.api.build;

import io.wharf.api.model.Digest;
import io.wharf.api.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/** Builds an image from an unpacked build context; progress goes out as "stream" messages. */
@ConsumerType
public interface ImageBuilder {
    String NAME_PROPERTY = "wharf.builder";

    Digest build(BuildRequest request, Path context, ProgressListener progress) throws IOException;
}
