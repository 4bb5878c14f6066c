package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker rm (moby's delete.go): refuses a running container unless forced, kills it when forced, marks the
 * removal in progress on disk, then removes the driver state, the layer and the folder.
 */
final class ContainerRemover {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRemover.class);

    private final ContainerStore store;
    private final ContainerIndex index;
    private final ContainerLayerStore layers;
    private final ContainerVolumes volumes;
    private final Events events;
    private final Persister persister;
    private final RestartManagers restartManagers;
    private final HealthMonitors healthMonitors;
    private final RuntimeCleanup cleanup;
    private final ContainerStopper stopper;
    private final LogForwarding forwarding;

    ContainerRemover(ContainerStore store, ContainerIndex index, ContainerLayerStore layers, ContainerVolumes volumes,
                     Events events, Persister persister, RestartManagers restartManagers,
                     HealthMonitors healthMonitors, RuntimeCleanup cleanup, ContainerStopper stopper,
                     LogForwarding forwarding) {
        this.store = store;
        this.index = index;
        this.layers = layers;
        this.volumes = volumes;
        this.events = events;
        this.persister = persister;
        this.restartManagers = restartManagers;
        this.healthMonitors = healthMonitors;
        this.cleanup = cleanup;
        this.stopper = stopper;
        this.forwarding = forwarding;
    }

    /** docker rm [-f] [-v]: -v also removes the container's anonymous volumes. */
    void remove(Container c, boolean force, boolean removeVolumes) {
        c.operationLock().lock();
        PhaseTimes times = PhaseTimes.begin();
        try {
            refuseUnlessRemovable(c, force);
            if (c.isRunning()) {
                restartManagers.of(c).cancel();
                if (!restartManagers.endPendingRestart(c) && !stopper.killForRemoval(c)) {
                    throw EngineException.system("Could not kill running container " + c.id() + ", cannot remove",
                            null);
                }
            }
            c.runOwedExitCleanup();
            c.changeState(StateRecord::removalStarted);
            persister.persist(c); // a daemon that dies before the end finishes the removal at its next start
            times.mark("save");
            healthMonitors.stop(c);
            cleanup.deleteStale(c.id());
            times.mark("driver leftovers");
            try {
                layers.remove(c.id());
                times.mark("layer");
            } catch (IOException | RuntimeException e) {
                c.changeState(StateRecord::removalFailed);
                persister.persistQuietly(c);
                throw EngineException.system("unable to remove filesystem for " + c.id() + ": " + e.getMessage(),
                        e);
            }
            forwarding.awaitDrained(c);
            times.mark("logs drained");
            try {
                store.delete(c.id());
            } catch (IOException e) {
                LOG.warn("cannot delete the folder of container {}: {}", c.id(), e.toString());
            }
            index.remove(c);
            restartManagers.forget(c);
            c.markRemoved();
            if (removeVolumes) {
                ContainerRecord record;
                synchronized (c) {
                    record = c.record();
                }
                volumes.removeAnonymous(record);
            }
            times.mark("folder and volumes");
            times.log("remove " + c.id());
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "destroy");
    }

    /** The removal a container's --rm or an unfinished removal asks for: nobody hears of a failure. */
    void autoRemove(Container c) {
        try {
            remove(c, true, true);
        } catch (EngineException e) {
            LOG.debug("auto-removal of {}: {}", c.id(), e.getMessage());
        }
    }

    private static void refuseUnlessRemovable(Container c, boolean force) {
        synchronized (c) {
            StateRecord s = c.state();
            if (c.isRemoved()) {
                throw EngineException.notFound("No such container: %s", c.id());
            }
            if (s.removalInProgress) {
                throw EngineException.conflict("removal of container %s is already in progress", c.id());
            }
            if (s.running && !force) {
                if (s.paused) {
                    throw EngineException.conflict("You cannot remove a paused container %s. Unpause and then "
                            + "stop the container before attempting removal or force remove", c.id());
                }
                if (s.restarting) {
                    throw EngineException.conflict("You cannot remove a restarting container %s. Stop the "
                            + "container before attempting removal or force remove", c.id());
                }
                throw EngineException.conflict("You cannot remove a running container %s. Stop the container "
                        + "before attempting removal or force remove", c.id());
            }
        }
    }
}
