package io.wharf.containers;

import io.wharf.api.events.Event;
import io.wharf.api.model.ContainerConfig;
import io.wharf.containers.backend.ContainerOperations;
import io.wharf.containers.exec.ExecService;
import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.lifecycle.ContainersAssembly;
import io.wharf.containers.lifecycle.EngineSettings;
import io.wharf.containers.rest.ContainersResource;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The engine wired by the component's assembly, over the fakes. */
public final class Harness implements AutoCloseable {
    public final Path root;
    public final FakeDriver driver;
    public final FakeImages images;
    private final RecordingEventBus bus = new RecordingEventBus();
    public final List<Event> events = bus.events;
    public final ContainerStore store;
    public final ContainerIndex index;
    public final ContainersAssembly assembly;
    public final ContainerEngine engine;
    public final ContainerCreator creator;
    public final ExecService execs;
    public final ContainersResource resource;
    public final FakeVolumes volumeService;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers = Executors.newCachedThreadPool();

    public Harness(Path root) throws IOException {
        this(root, new FakeDriver(), null);
    }

    public Harness(Path root, FakeDriver sharedDriver, FakeImages sharedImages) throws IOException {
        this.root = root;
        FakeDriver d = sharedDriver;
        this.driver = sharedDriver;
        this.images = sharedImages != null ? sharedImages : new FakeImages(root.resolve("layers"));
        if (sharedImages == null) {
            images.add("busybox", ContainerConfig.empty().withCmd(List.of("sh"))
                    .withEnv(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
        }
        Path resolv = root.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 127.0.0.53\nsearch example.org\n");
        Path hosts = root.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n");
        EngineSettings settings = new EngineSettings("runc", resolv, hosts, null, 4, "hosty");
        volumeService = new FakeVolumes(root.resolve("volumes"));
        assembly = new ContainersAssembly(root.resolve("containers"), images.service(), images.layers(), d, LinuxFs.get(), settings,
                () -> bus, () -> null, () -> null, () -> volumeService, scheduler, workers);
        store = assembly.store();
        index = assembly.index();
        engine = assembly.engine();
        engine.load();
        creator = assembly.creator();
        execs = assembly.execs();
        resource = new ContainersResource(
                new ContainerOperations(engine, creator, images.service(), images.layers(), scheduler), execs);
    }

    public String create(String json) {
        return creator.create(null, null, json.getBytes(StandardCharsets.UTF_8)).id();
    }

    public String create(String name, String json) {
        return creator.create(name, null, json.getBytes(StandardCharsets.UTF_8)).id();
    }

    public Container get(String id) {
        return index.get(id);
    }

    public List<String> actions(String id) {
        return bus.actions(id);
    }

    @Override
    public void close() {
        assembly.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
