package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.events.Event;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerStore;
import io.wharf.support.Json;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that exits while its engine is replaced (the containers or logging bundle updated): the closing
 * engine must not handle the exit halfway, or the next engine records exit code 255 and keeps its volumes in use.
 */
class EngineReplacementExitTest {
    @TempDir
    Path tmp;

    @Test
    void anExitWhoseCleanUpIsOwedWhenTheEngineClosesIsHandledByTheNextEngineWithItsCode() throws Exception {
        Harness old = new Harness(tmp);
        String id = old.create("{\"Image\":\"busybox\",\"Cmd\":[\"sh\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        Container c = old.get(id);
        old.engine.start(c);
        ReentrantLock operation = c.operationLock();
        operation.lock(); // an operation under way: the exit's clean-up is handed to a worker that waits for it
        try {
            Thread exit = new Thread(() -> old.driver.procs.get(id).exit(3));
            exit.start();
            exit.join(5000);
            assertFalse(c.isRunning(), "the old engine recorded the exit in memory");
            LifecycleTest.eventually(operation::hasQueuedThreads);
            // the bundle's deactivation: the engine closes (this thread holds the lock, as close does) and the
            // workers are shut down, interrupting the one waiting with the owed clean-up
            old.close();
        } finally {
            operation.unlock();
        }
        LifecycleTest.eventually(() -> !operation.hasQueuedThreads());
        operation.lock(); // waits for the worker's clean-up, if it runs, to be over
        operation.unlock();
        assertFalse(old.driver.calls.contains("delete " + id), "the closed engine left the runtime's state alone");
        ContainerRecord stored = Json.MAPPER.readValue(old.store.dirOf(id).resolve(ContainerStore.CONFIG_FILE)
                .toFile(), ContainerRecord.class);
        assertTrue(stored.state.running, "the closed engine saved nothing");

        try (Harness next = new Harness(tmp, old.driver, old.images)) {
            Container again = next.get(id);
            LifecycleTest.eventually(() -> !again.isRunning());
            assertEquals(3, again.state().exitCode);
            assertTrue(old.driver.calls.contains("delete " + id), "the next engine cleaned up after the exit");
            Event die = next.events.stream().filter(e -> e.actorId().equals(id) && e.action().equals("die"))
                    .findFirst().orElseThrow();
            assertEquals("3", die.attributes().get("exitCode"));
        }
    }

    /**
     * A start that waited for the operation lock while the engine closed (it passed the service's check before)
     * is refused once it gets the lock: it would start the container on drivers being replaced, with no engine to
     * save its state or handle its exit.
     */
    @Test
    void aStartThatWaitedWhileTheEngineClosedIsRefused() throws Exception {
        Harness old = new Harness(tmp);
        String id = old.create("{\"Image\":\"busybox\",\"Cmd\":[\"sh\"],\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        Container c = old.get(id);
        ReentrantLock operation = c.operationLock();
        java.util.concurrent.CompletableFuture<Void> start;
        operation.lock(); // as close holds every operation lock
        try {
            start = java.util.concurrent.CompletableFuture.runAsync(() -> old.engine.start(c));
            LifecycleTest.eventually(operation::hasQueuedThreads);
            old.close();
        } finally {
            operation.unlock();
        }
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> start.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(io.wharf.api.errors.ErrorKind.UNAVAILABLE,
                ((io.wharf.api.errors.EngineException) refused.getCause()).kind());
        assertFalse(old.driver.calls.stream().anyMatch(call -> call.startsWith("start " + id)),
                "nothing started on the replaced drivers: " + old.driver.calls);
    }
}
