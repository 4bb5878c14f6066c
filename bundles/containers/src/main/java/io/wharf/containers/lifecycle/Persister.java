package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves containers after lifecycle changes; the store writes each file atomically. Once the engine is closed it
 * saves nothing: the stored state then belongs to the engine that replaces it, which reconciles it with the
 * runtime's.
 */
final class Persister {
    private static final Logger LOG = LoggerFactory.getLogger(Persister.class);
    private final ContainerStore store;
    private volatile boolean closed;

    Persister(ContainerStore store) {
        this.store = store;
    }

    /** Saves nothing from now on; the caller holds every operation lock, so no save is halfway. */
    void close() {
        closed = true;
    }

    /**
     * Saves the container after a change a client asked for; a failure (a full disk) fails the operation, so
     * what a client was told succeeded is what the next start finds.
     */
    void persist(Container c) {
        synchronized (c) {
            if (c.isRemoved()) {
                return;
            }
            if (closed) {
                throw EngineException.unavailable("the container engine was replaced (a bundle it uses was "
                        + "updated): the change to container %s was not saved; retry", c.id());
            }
            try {
                store.save(c);
            } catch (IOException e) {
                throw EngineException.system("cannot save the state of container " + c.id() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Saves a fact nobody waits for (an exit, a health result, what a restart found): it happened whether or not
     * it is saved, and the next start reconciles the stored state with the runtime's. False when nothing was
     * saved because the engine is closed: the caller then leaves the runtime's state to the next engine.
     */
    boolean persistQuietly(Container c) {
        if (closed) {
            LOG.debug("not saving container {}: the engine is closed", c.id());
            return false;
        }
        try {
            persist(c);
        } catch (EngineException e) {
            if (closed) {
                return false;
            }
            LOG.warn(e.getMessage());
        }
        return true;
    }
}
