package io.wharf.engine;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;

/** docker info's container counts: paused ones are not running, everything else not running is stopped. */
public record ContainerCounts(int total, int running, int paused, int stopped) {

    /** Zeros when no container service is present yet. */
    public static ContainerCounts of(ContainerService containers) {
        if (containers == null) {
            return new ContainerCounts(0, 0, 0, 0);
        }
        int total = 0;
        int running = 0;
        int paused = 0;
        for (ContainerInfo c : containers.list()) {
            total++;
            if (c.state().status() == ContainerInfo.Status.PAUSED) {
                paused++;
            } else if (c.state().running()) {
                running++;
            }
        }
        return new ContainerCounts(total, running, paused, total - running - paused);
    }
}
