package io.wharf.support;

import java.io.IOException;
import java.io.InputStream;

/**
 * The rest of an upload refused before it was read whole (a tar to load, import, extract or build from), read and
 * dropped up to a bound, as Go's server reads some of an unread body before it closes the connection: the docker
 * CLI writes its whole body before it reads the answer, and a connection closed under it shows a broken pipe
 * instead of the error.
 */
public final class RefusedUploads {
    private RefusedUploads() {
    }

    /** Reads and drops at most {@code limit} bytes of {@code body}; a client that went away or sent less is fine. */
    public static void drainQuietly(InputStream body, long limit) {
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        try {
            for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away: nothing more to read
        }
    }
}
