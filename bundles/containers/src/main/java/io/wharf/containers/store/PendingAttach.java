package io.wharf.containers.store;

import io.wharf.api.runtime.ProcessIo;
import java.util.concurrent.CompletableFuture;

/**
 * An attach made before its container runs ({@code docker run}, {@code docker start -a}): the start connects
 * it to the driver after create and before start, so that no output is lost.
 */
public final class PendingAttach {
    private final boolean stdin;
    private final CompletableFuture<ProcessIo> connection = new CompletableFuture<>();

    public PendingAttach(boolean stdin) {
        this.stdin = stdin;
    }

    public boolean stdin() {
        return stdin;
    }

    public CompletableFuture<ProcessIo> connection() {
        return connection;
    }

    public void connect(ProcessIo io) {
        if (!connection.complete(io)) {
            try {
                io.close(); // the client went away meanwhile
            } catch (Exception ignored) {
                // nothing more to do
            }
        }
    }

    public void fail(Throwable cause) {
        connection.completeExceptionally(cause);
    }
}
