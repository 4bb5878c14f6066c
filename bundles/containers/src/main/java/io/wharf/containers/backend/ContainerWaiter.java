package io.wharf.containers.backend;

import io.wharf.containers.rest.ContainersBackend.Waiting;
import io.wharf.containers.store.Container;
import java.util.LinkedHashMap;
import java.util.Map;
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
    public Map<String, Object> await() {
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("StatusCode", code);
        String error;
        synchronized (container) {
            error = container.state().error;
        }
        if (error != null && !error.isEmpty()) {
            answer.put("Error", Map.of("Message", error));
        }
        return answer;
    }
}
