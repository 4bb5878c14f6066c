package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecutionDriver;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Best-effort release of a run's driver state and root file system: what is already gone is no error. */
final class RuntimeCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCleanup.class);
    private final ExecutionDriver driver;
    private final ContainerLayerStore layers;

    RuntimeCleanup(ExecutionDriver driver, ContainerLayerStore layers) {
        this.driver = driver;
        this.layers = layers;
    }

    /** Deletes what the driver still holds of an earlier run. */
    void deleteStale(String id) {
        try {
            if (driver.status(id).state() != ContainerStatus.State.GONE) {
                driver.delete(id);
            }
        } catch (EngineException | IOException ignored) {
            // unknown to the driver: nothing to clean
        }
    }

    void deleteQuietly(String id) {
        try {
            driver.delete(id);
        } catch (EngineException | IOException e) {
            LOG.debug("driver delete of {} failed: {}", id, e.toString());
        }
    }

    void unmountQuietly(String id) {
        try {
            layers.unmount(id);
        } catch (IOException | RuntimeException e) {
            LOG.debug("unmount of {} failed: {}", id, e.toString());
        }
    }
}
