package io.wharf.containers.backend;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.log.LogReadRequest;
import io.wharf.containers.lifecycle.ContainerCreator;
import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.logs.DriverLogCopier;
import io.wharf.containers.logs.LogOptions;
import io.wharf.containers.logs.LogStreamer;
import io.wharf.containers.logs.StdWriter;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.rest.ContainerInspectBody;
import io.wharf.containers.rest.ContainerPruneBody;
import io.wharf.containers.rest.ContainerSize;
import io.wharf.containers.rest.ContainerSummaryBody;
import io.wharf.containers.rest.ContainersBackend;
import io.wharf.containers.rest.TopBody;
import io.wharf.containers.rest.ContainerInspectBody;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.WaitCondition;
import io.wharf.support.Filters;
import io.wharf.support.ImagePolicies;
import io.wharf.support.LogDriverOptions;
import io.wharf.support.Times;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/** The {@link ContainersBackend} over the container engine: finds the container, then asks the verb for it. */
public final class ContainerOperations implements ContainersBackend {
    /** Log lines are sent in frames of up to this many bytes (see StdWriter.coalescing). */
    private static final int LOG_BUFFER_SIZE = 256 * 1024;
    private final ContainerEngine engine;
    private final ContainerCreator creator;
    private final ContainerLayerStore layers;
    private final ScheduledExecutorService scheduler;
    private final ContainerSizes sizes;
    private final ContainerList lister;
    private final ContainerPruner pruner;
    private final ImagePolicies policies;

    /** Without image policies (tests). */
    public ContainerOperations(ContainerEngine engine, ContainerCreator creator, ImageService images,
                               ContainerLayerStore layers, ScheduledExecutorService scheduler) {
        this(engine, creator, images, layers, scheduler, new ImagePolicies());
    }

    /**
     * @param scheduler paces the stats streams (it only drops ticks into their queues)
     * @param policies  asked before a client's create (the builder's step containers, made through the container
     *                  service, are not: its FROM image was)
     */
    public ContainerOperations(ContainerEngine engine, ContainerCreator creator, ImageService images,
                               ContainerLayerStore layers, ScheduledExecutorService scheduler,
                               ImagePolicies policies) {
        this.policies = policies;
        this.engine = engine;
        this.creator = creator;
        this.layers = layers;
        this.scheduler = scheduler;
        this.sizes = new ContainerSizes(images, layers);
        this.lister = new ContainerList(engine.index(), images, sizes);
        this.pruner = new ContainerPruner(engine.index(), c -> engine.remove(c, false),
                c -> sizes.of(c).sizeRw(), engine.events());
    }

    private Container container(String ref) {
        return index().get(ref);
    }

    private ContainerIndex index() {
        return engine.index();
    }

    @Override
    public ContainerCreator.Created create(String name, String platform, String apiVersion, byte[] body) {
        return creator.create(name, platform, apiVersion, body, policies::checkRun);
    }

    @Override
    public List<ContainerSummaryBody> list(boolean all, int limit, boolean size, Filters filters) {
        return lister.list(all, limit, size, filters);
    }

    @Override
    public ContainerInspectBody inspect(String ref, boolean size) {
        Container c = container(ref);
        ContainerSize measured = size ? sizes.of(c) : null;
        String driver = layers.driverName();
        synchronized (c) {
            return ContainerInspectBody.of(c, driver, measured);
        }
    }

    @Override
    public void start(String ref) {
        engine.start(container(ref));
    }

    @Override
    public void stop(String ref, Integer timeoutSeconds, String signal) {
        engine.stop(container(ref), timeoutSeconds, signal);
    }

    @Override
    public void restart(String ref, Integer timeoutSeconds, String signal) {
        engine.restart(container(ref), timeoutSeconds, signal);
    }

    @Override
    public void kill(String ref, String signal) {
        engine.kill(container(ref), signal);
    }

    @Override
    public void pause(String ref) {
        engine.pause(container(ref));
    }

    @Override
    public void unpause(String ref) {
        engine.unpause(container(ref));
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        engine.remove(container(ref), force, removeVolumes);
    }

    @Override
    public void rename(String ref, String newName) {
        engine.rename(container(ref), newName);
    }

    @Override
    public void removeLink(String parentRef, String alias) {
        engine.removeLink(container(parentRef), alias);
    }

    @Override
    public List<String> update(String ref, HostConfig changes, Set<String> fields) {
        return engine.update(container(ref), changes, fields);
    }

    @Override
    public void resize(String ref, int height, int width) {
        engine.resize(container(ref), height, width);
    }

    @Override
    public Waiting waitFor(String ref, WaitCondition condition) {
        Container c = container(ref);
        return new ContainerWaiter(c, c.waitFor(condition));
    }

    @Override
    public ContainerPruneBody prune(Filters filters) {
        return pruner.prune(filters);
    }

    @Override
    public LogStream logs(String ref, LogRequest request) {
        Container c = container(ref);
        if (!request.stdout() && !request.stderr()) {
            throw EngineException.invalid("Bad parameters: you must choose at least one stream");
        }
        Instant now = Instant.now();
        LogOptions options = new LogOptions(request.stdout(), request.stderr(), request.follow(),
                request.timestamps(), Times.parseOptionalSinceUntil(request.since(), now),
                Times.parseOptionalSinceUntil(request.until(), now), LogOptions.parseTail(request.tail()));
        boolean tty;
        Path file;
        synchronized (c) {
            tty = c.record().config.tty;
            file = Path.of(c.record().logPath);
        }
        boolean multiplexed = !tty;
        // as dockerd: a driver that reads its logs back serves them (following only while the container runs)
        LogEntryReader driverReader = engine.readThroughDriver(c, new LogReadRequest(options.sinceNanos(),
                options.untilNanos(), options.tail(), options.follow() && c.isRunning()));
        if (driverReader != null) {
            return new LogStream(multiplexed, out -> {
                try (driverReader) {
                    BufferedOutputStream buffered = new BufferedOutputStream(out, LOG_BUFFER_SIZE);
                    new DriverLogCopier(options).copy(driverReader, new StdWriter(buffered, multiplexed));
                    buffered.flush();
                }
            });
        }
        HostConfig.LogConfig log = c.hostConfig().logConfig;
        if (!LogDriverOptions.readable(log.type, log.config)) {
            throw EngineException.notImplemented("configured logging driver does not support reading");
        }
        return new LogStream(multiplexed, out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, LOG_BUFFER_SIZE);
            try {
                new LogStreamer(file, options, () -> c.isRunning() && !c.isRemoved(),
                        next -> engine.logs().follow(c.id(), next))
                        .stream(new StdWriter(buffered, multiplexed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            buffered.flush();
        });
    }

    @Override
    public TopBody top(String ref, String psArgs) {
        Container c = container(ref);
        if (!c.isRunning() || c.isRestarting()) {
            throw EngineException.conflict("Container %s is not running", c.id());
        }
        List<Long> pids;
        try {
            pids = engine.driver().pids(c.id());
        } catch (IOException e) {
            throw EngineException.system("cannot list the processes of " + c.id() + ": " + e.getMessage(), e);
        }
        return TopCommand.run(psArgs, pids);
    }

    @Override
    public BodyWriter stats(String ref, boolean stream, boolean oneShot) {
        return new StatsStream(container(ref), engine.driver()::stats, scheduler, StatsStream.INTERVAL, stream,
                oneShot);
    }
}
