package io.wharf.containers.lifecycle;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.StateRecord;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.WaitCondition;
import io.wharf.support.Times;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The container service other bundles use (files, commit, system df), and the image store's usage callback. */
public final class ContainerServiceImpl implements ContainerService, ImageUsage {
    private final ContainerEngine engine;
    private final ContainerLayerStore layers;
    private final ContainerCreator creator;

    public ContainerServiceImpl(ContainerEngine engine, ContainerLayerStore layers, ContainerCreator creator) {
        this.engine = engine;
        this.layers = layers;
        this.creator = creator;
    }

    @Override
    public String create(String name, byte[] createRequest) {
        live();
        return creator.create(name, null, createRequest).id();
    }

    @Override
    public CompletionStage<ProcessIo> attachOutput(String idOrName) {
        return live().attach(engine.index().get(idOrName), false);
    }

    @Override
    public void start(String idOrName) {
        live().start(engine.index().get(idOrName));
    }

    @Override
    public CompletionStage<Integer> awaitStop(String idOrName) {
        return live().index().get(idOrName).waitFor(WaitCondition.NOT_RUNNING);
    }

    @Override
    public void remove(String idOrName, boolean force) {
        live().remove(engine.index().get(idOrName), force);
    }

    /**
     * The engine, unless it was closed: a caller that still holds this service after a driver or image store
     * swap rebuilt the engine gets a clear, retryable error instead of acting on state the new engine does not
     * see (a container created here would be unknown to it until a restart).
     */
    private ContainerEngine live() {
        if (engine.isClosed()) {
            throw EngineException.unavailable(ContainerEngine.REPLACED);
        }
        return engine;
    }

    @Override
    public ContainerInfo get(String idOrName) {
        return info(engine.index().get(idOrName));
    }

    @Override
    public List<ContainerInfo> list() {
        List<ContainerInfo> result = new ArrayList<>();
        for (Container c : engine.index().all()) {
            result.add(info(c));
        }
        return result;
    }

    @Override
    public void pause(String idOrName) {
        live().pause(engine.index().get(idOrName));
    }

    @Override
    public void unpause(String idOrName) {
        live().unpause(engine.index().get(idOrName));
    }

    @Override
    public Path mountRootfs(String idOrName) {
        Container c = engine.index().get(idOrName);
        try {
            return layers.mount(c.id());
        } catch (IOException e) {
            throw EngineException.system("cannot mount the file system of " + c.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void releaseRootfs(String idOrName) {
        Container c = engine.index().get(idOrName);
        try {
            layers.unmount(c.id());
        } catch (IOException e) {
            throw EngineException.system("cannot unmount the file system of " + c.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Frozen freezeForFileCopy(String idOrName) {
        return FileCopyFreeze.freeze(engine.index().get(idOrName), engine.driver());
    }

    @Override
    public long sizeRw(String idOrName) {
        Container c = engine.index().get(idOrName);
        try {
            return layers.size(c.id());
        } catch (IOException e) {
            throw EngineException.system("cannot measure " + c.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> containersUsing(Digest imageId, boolean runningOnly) {
        String id = imageId.toString();
        List<String> running = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (Container c : engine.index().all()) {
            synchronized (c) {
                if (c.isRemoved() || !id.equals(c.record().imageId)) {
                    continue;
                }
                (c.state().running ? running : stopped).add(c.id().substring(0, 12));
            }
        }
        if (!runningOnly) {
            running.addAll(stopped);
        }
        return running;
    }

    static ContainerInfo info(Container c) {
        synchronized (c) {
            ContainerRecord r = c.record();
            ContainerConfigJson cfg = r.config;
            ContainerConfig config = new ContainerConfig(cfg.user, cfg.exposedPorts, cfg.env, cfg.entrypoint,
                    cfg.cmd, cfg.volumes, cfg.workingDir, cfg.labels, cfg.stopSignal, cfg.argsEscaped,
                    cfg.healthcheck, cfg.onBuild, cfg.shell);
            StateRecord s = r.state;
            ContainerInfo.Status status = ContainerInfo.Status.valueOf(s.status().toUpperCase());
            ContainerInfo.State state = new ContainerInfo.State(status, s.pid, s.exitCode,
                    Times.parseRfc3339(s.startedAt), Times.parseRfc3339(s.finishedAt));
            List<ContainerInfo.MountPoint> mounts = new ArrayList<>();
            for (ContainerRecord.MountPointRecord m : r.mountPoints) {
                mounts.add(new ContainerInfo.MountPoint(m.destination, m.source, !m.rw, m.type, m.name));
            }
            return new ContainerInfo(r.id, r.name().substring(1), cfg.image, Digest.parse(r.imageId),
                    Times.parseRfc3339(r.created), config, state, mounts,
                    c.hostConfig() != null && c.hostConfig().readonlyRootfs);
        }
    }
}
