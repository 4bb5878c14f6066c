package io.wharf.api.volume;

import java.time.Instant;
import java.util.Map;

/**
 * A volume as the volume service keeps it, in the shape of Docker's {@code Volume}.
 *
 * @param mountpoint the driver's path for it (for local volumes, {@code <data-root>/volumes/NAME/_data})
 * @param options    the driver options it was created with
 * @param status     what the driver reports about it, or empty
 */
public record Volume(String name, String driver, String mountpoint, Instant createdAt, Map<String, String> labels,
                     Map<String, String> options, String scope, Map<String, String> status) {
    /** The label Docker puts on volumes created without a name (anonymous volumes). */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    public boolean anonymous() {
        return labels != null && labels.containsKey(ANONYMOUS_LABEL);
    }
}
