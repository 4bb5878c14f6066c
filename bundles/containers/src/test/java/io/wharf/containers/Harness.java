package io.wharf.containers;

import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.model.ContainerConfig;
import io.wharf.containers.backend.ContainerOperations;
import io.wharf.containers.exec.ExecService;
import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.lifecycle.ContainerNetworks;
import io.wharf.containers.lifecycle.ContainerVolumes;
import io.wharf.containers.lifecycle.EngineSettings;
import io.wharf.containers.lifecycle.Events;
import io.wharf.containers.rest.ContainersResource;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** The engine wired as the OSGi component wires it, over the fakes. */
public final class Harness implements AutoCloseable {
    public final Path root;
    public final FakeDriver driver;
    public final FakeImages images;
    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final ContainerStore store;
    public final ContainerIndex index = new ContainerIndex();
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
        store = new ContainerStore(root.resolve("containers"));
        EventBus bus = new EventBus() {
            @Override
            public void publish(Event event) {
                events.add(event);
            }

            @Override
            public List<Event> history(long sinceNano) {
                return events;
            }

            @Override
            public AutoCloseable subscribe(Consumer<Event> subscriber) {
                return () -> { };
            }
        };
        Events ev = new Events(() -> bus);
        ContainerNetworks networks = new ContainerNetworks(() -> null);
        volumeService = new FakeVolumes(root.resolve("volumes"));
        ContainerVolumes volumes = new ContainerVolumes(() -> volumeService, index);
        engine = new ContainerEngine(store, index, images.layers(), d, ev, settings, scheduler, workers, networks,
                volumes);
        engine.load();
        creator = new ContainerCreator(store, index, images.service(), images.layers(), engine::validator, settings,
                ev, networks, volumes);
        execs = new ExecService(index, d, ev);
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
        return events.stream().filter(e -> e.actorId().equals(id)).map(Event::action).toList();
    }

    @Override
    public void close() {
        engine.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
