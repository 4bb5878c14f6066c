package io.wharf.volumes.testing;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A container service that only lists containers and the volumes they mount. */
public final class FakeContainers implements ContainerService {
    private final List<ContainerInfo> containers = new ArrayList<>();

    /** Adds a container mounting the named volumes at /v0, /v1, ... */
    public synchronized void add(String id, String... volumes) {
        List<ContainerInfo.MountPoint> mounts = new ArrayList<>();
        for (int i = 0; i < volumes.length; i++) {
            mounts.add(new ContainerInfo.MountPoint("/v" + i, "/host/" + volumes[i], false, "volume", volumes[i]));
        }
        mounts.add(new ContainerInfo.MountPoint("/bind", "/etc", true, "bind", null));
        containers.add(new ContainerInfo(id, "c-" + id, "busybox", null, null, null, null, mounts));
    }

    public synchronized void remove(String id) {
        containers.removeIf(c -> c.id().equals(id));
    }

    @Override
    public synchronized List<ContainerInfo> list() {
        return new ArrayList<>(containers);
    }

    @Override
    public ContainerInfo get(String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void pause(String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unpause(String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Path mountRootfs(String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void releaseRootfs(String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Frozen freezeForFileCopy(String idOrName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long sizeRw(String idOrName) {
        throw new UnsupportedOperationException();
    }
}
