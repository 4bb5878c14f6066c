package io.wharf.api.container;

import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import java.time.Instant;
import java.util.List;

/**
 * A container as the engine knows it.
 *
 * @param id        64 hex characters
 * @param name      without the leading slash
 * @param image     the image reference the container was created from, as given
 * @param imageId   the image's ID
 * @param config    the container's effective configuration (image defaults merged with the request)
 * @param mounts    mounts over the root filesystem (volumes, binds, tmpfs), for path resolution in docker cp
 * @param readonlyRootfs the root filesystem is mounted read-only in the container ({@code --read-only}), so docker cp
 *                  must not write to it either
 */
public record ContainerInfo(String id, String name, String image, Digest imageId, Instant created,
                            ContainerConfig config, State state, List<MountPoint> mounts, boolean readonlyRootfs) {

    /** A container with a writable root filesystem. */
    public ContainerInfo(String id, String name, String image, Digest imageId, Instant created,
                         ContainerConfig config, State state, List<MountPoint> mounts) {
        this(id, name, image, imageId, created, config, state, mounts, false);
    }

    /** Docker's State.Status values. */
    public enum Status { CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

        public String dockerName() {
            return name().toLowerCase();
        }
    }

    public record State(Status status, long pid, int exitCode, Instant startedAt, Instant finishedAt) {
        public boolean running() {
            return status == Status.RUNNING || status == Status.PAUSED || status == Status.RESTARTING;
        }
    }

    /** A mount over the container's root filesystem: where it appears, where it comes from on the host. */
    public record MountPoint(String destination, String hostPath, boolean readOnly, String type, String name) {
    }
}
