package io.wharf.api.progress;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the progress of a long operation; the REST layer streams each message as a JSON line. */
@ConsumerType
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = message -> { };

    void onProgress(ProgressMessage message);
}
