package io.wharf.containers.backend;

import io.wharf.containers.rest.ContainersBackend.Waiting;
import io.wharf.containers.rest.WaitBody;
import io.wharf.containers.store.Container;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A wait registered on a container (POST /containers/{id}/wait), answered in dockerd's shape. */
final class ContainerWaiter implements Waiting {
    private final Container container;
    private final CompletableFuture<Integer> waiter;

    ContainerWaiter(Container container, CompletableFuture<Integer> waiter) {
        this.container = container;
        this.waiter = waiter;
    }

    @Override
    public WaitBody await() {
        int code;
        try {
            code = waiter.get();
        } catch (InterruptedException e) { // the client went away (the REST layer interrupts its thread)
            container.cancelWait(waiter);
            return null;
        } catch (ExecutionException e) {
            container.cancelWait(waiter);
            throw new CompletionException(e.getCause()); // what join() would throw; the error mapper walks it
        }
        String error;
        synchronized (container) {
            error = container.state().error;
        }
        return WaitBody.of(code, error);
    }
}
