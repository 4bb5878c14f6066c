package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a small blob (an image configuration) whole, never more than its descriptor declares nor more than a hard
 * limit: a registry that lies about sizes or sends without end cannot fill the daemon's memory.
 */
final class WholeBlobs {
    /** Image configurations are kilobytes; the largest seen in the wild are well under a MiB. */
    static final int MAX_CONFIG = 8 << 20;

    private WholeBlobs() {
    }

    /**
     * The blob's bytes. {@code declared} is the descriptor's size (negative if it gives none); more bytes than
     * that, or than {@code limit}, fail the read.
     */
    static byte[] read(InputStream in, long declared, int limit, String what) throws IOException {
        if (declared > limit) {
            throw EngineException.invalid("%s of %d bytes exceeds the limit of %d bytes", what, declared, limit);
        }
        int max = declared >= 0 ? (int) declared : limit;
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw EngineException.invalid(declared >= 0
                    ? "%s is larger than the %d bytes its descriptor declares" : "%s exceeds the limit of %d bytes",
                    what, max);
        }
        return bytes;
    }
}
