package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.archive.InvalidArchiveException;
import java.io.IOException;

/** Tells a client's bad archive (400), found however deep in a storage driver, from the daemon's own faults. */
final class InvalidInput {
    private InvalidInput() {
    }

    /** {@code e} as a 400 when an {@link InvalidArchiveException} caused it; else {@code e} itself. */
    static IOException asClientError(IOException e) {
        InvalidArchiveException invalid = InvalidArchiveException.findIn(e);
        if (invalid != null) {
            throw new EngineException(io.wharf.api.errors.ErrorKind.INVALID_PARAMETER, invalid.getMessage(), e);
        }
        return e;
    }
}
