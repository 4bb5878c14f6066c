package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.PendingAttach;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** docker attach and the terminal resize (moby's attach.go, resize.go). */
final class ContainerAttacher {
    private final ExecutionDriver driver;

    ContainerAttacher(ExecutionDriver driver) {
        this.driver = driver;
    }

    /**
     * Connects to the container's stdio: at once when it runs, else at its next start (docker run and
     * docker start -a attach first, then start).
     */
    CompletableFuture<ProcessIo> attach(Container c, boolean stdin) {
        synchronized (c) {
            StateRecord s = c.state();
            if (s.running && s.paused) {
                throw EngineException.conflict("container %s is paused, unpause the container before attaching",
                        c.id());
            }
            if (s.running && s.restarting) {
                throw EngineException.conflict("cannot attach to a restarting container");
            }
            if (!s.running) {
                PendingAttach pending = new PendingAttach(stdin);
                c.addPendingAttach(pending);
                pending.connection().whenComplete((io, e) -> c.removePendingAttach(pending));
                return pending.connection();
            }
        }
        try {
            return CompletableFuture.completedFuture(driver.attach(c.id(), stdin));
        } catch (IOException e) {
            throw EngineException.system("cannot attach to container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    void resize(Container c, int height, int width) {
        if (!c.isRunning()) {
            throw EngineException.conflict("Container %s is not running", c.id());
        }
        try {
            driver.resize(c.id(), height, width);
        } catch (IOException e) {
            throw EngineException.system("cannot resize container " + c.id() + ": " + e.getMessage(), e);
        }
    }
}
