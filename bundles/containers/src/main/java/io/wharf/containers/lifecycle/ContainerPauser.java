package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import java.io.IOException;

/** docker pause and unpause (moby's pause.go, unpause.go): freezes and thaws the container's cgroup. */
final class ContainerPauser {
    private final ExecutionDriver driver;
    private final Events events;
    private final Persister persister;

    ContainerPauser(ExecutionDriver driver, Events events, Persister persister) {
        this.driver = driver;
        this.events = events;
        this.persister = persister;
    }

    void pause(Container c) {
        c.operationLock().lock();
        try {
            StateRecord s = c.state();
            if (!s.running) {
                throw EngineException.conflict("Container %s is not running", c.id());
            }
            if (s.paused) {
                throw EngineException.conflict("Container %s is already paused", c.id());
            }
            if (s.restarting) {
                throw EngineException.conflict("Container %s is restarting, wait until the container is "
                        + "running", c.id());
            }
            try {
                driver.pause(c.id());
            } catch (IOException e) {
                throw EngineException.system("Cannot pause container " + c.id() + ": " + e.getMessage(), e);
            }
            c.changeState(StateRecord::paused);
            persister.persist(c);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "pause");
    }

    void unpause(Container c) {
        c.operationLock().lock();
        try {
            StateRecord s = c.state();
            if (!s.running || !s.paused) {
                throw EngineException.conflict("Container %s is not paused", c.id());
            }
            try {
                driver.resume(c.id());
            } catch (IOException e) {
                throw EngineException.system("Cannot unpause container " + c.id() + ": " + e.getMessage(), e);
            }
            c.changeState(StateRecord::resumed);
            persister.persist(c);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "unpause");
    }
}
