package io.wharf.registry.distribution;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for a layer transfer that runs on another thread, failing as the transfer did. */
final class Transfers {
    private Transfers() {
    }

    /**
     * The transfer's result. Its IOException comes back with this thread's stack (keeping the original as the
     * cause), a RuntimeException such as an EngineException as it was.
     */
    static <T> T await(Future<T> transfer, String what) throws IOException {
        try {
            return transfer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }
}
