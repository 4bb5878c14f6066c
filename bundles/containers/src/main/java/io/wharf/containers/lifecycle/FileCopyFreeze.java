package io.wharf.containers.lifecycle;

import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running container frozen while docker cp writes into it: its processes cannot swap a directory for a link
 * meanwhile. It holds the container's operation lock, so stop, kill, pause and remove wait for the copy; the
 * recorded state is untouched (a crash meanwhile leaves a frozen cgroup that the next start or kill thaws).
 * Must be closed by the thread that froze it.
 */
final class FileCopyFreeze implements ContainerService.Frozen {
    private static final Logger LOG = LoggerFactory.getLogger(FileCopyFreeze.class);

    private final Container container;
    private final ExecutionDriver driver;
    private final boolean frozen;
    private boolean closed;

    private FileCopyFreeze(Container container, ExecutionDriver driver, boolean frozen) {
        this.container = container;
        this.driver = driver;
        this.frozen = frozen;
    }

    static FileCopyFreeze freeze(Container container, ExecutionDriver driver) {
        container.operationLock().lock();
        try {
            boolean running;
            synchronized (container) {
                StateRecord s = container.state();
                running = s.running && !s.paused && !s.restarting;
            }
            if (running) {
                driver.pause(container.id());
            }
            return new FileCopyFreeze(container, driver, running);
        } catch (IOException | RuntimeException e) {
            container.operationLock().unlock();
            throw EngineException.system("cannot freeze container " + container.id() + " for the copy: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (frozen) {
                driver.resume(container.id());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot thaw container {} after a copy: {}", container.id(), e.getMessage());
        } finally {
            container.operationLock().unlock();
        }
    }
}
