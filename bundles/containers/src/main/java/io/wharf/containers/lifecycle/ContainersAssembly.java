package io.wharf.containers.lifecycle;

import io.wharf.api.events.EventBus;
import io.wharf.api.metrics.EngineMetrics;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.ImageService;
import io.wharf.api.network.NetworkService;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.volume.VolumeService;
import io.wharf.containers.create.HostConfigValidator;
import io.wharf.containers.exec.ExecService;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import io.wharf.linux.LinuxFs;
import io.wharf.containers.logs.LogRotator;
import io.wharf.containers.logs.drivers.LogSinks;
import io.wharf.containers.logs.drivers.PluginLogDrivers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Builds the containers bundle's object graph from its dependencies: the one wiring shared by the OSGi component
 * and the tests. The optional services (event bus, networks, volumes) are suppliers because they may come and go
 * while containers run.
 */
public final class ContainersAssembly {
    private final ContainerStore store;
    private final ContainerIndex index = new ContainerIndex();
    private final Events events;
    private final ContainerEngine engine;
    private final ContainerCreator creator;
    private final ExecService execs;
    private final ContainerServiceImpl service;

    /**
     * @param containersRoot {@code <data-root>/containers}
     * @param fs             the linux bundle's file-system calls (volume copy-up)
     * @param metrics        the metrics service, or null while none runs
     * @param scheduler      timers (restart delays, health probes); the caller shuts it down after {@link #close}
     * @param workers        work off the callers' threads (exit clean-ups, restarts, probes, auto-removals)
     */
    public ContainersAssembly(Path containersRoot, ImageService images, ContainerLayerStore layers,
                              ExecutionDriver driver, LinuxFs fs, EngineSettings settings, Supplier<EventBus> eventBus,
                              Supplier<EngineMetrics> metrics,
                              Supplier<NetworkService> networkService, Supplier<VolumeService> volumeService,
                              ScheduledExecutorService scheduler, ExecutorService workers) {
        this(containersRoot, images, layers, driver, fs, settings, eventBus, metrics, networkService, volumeService,
                new PluginLogDrivers(), scheduler, workers);
    }

    /** @param logPlugins the log drivers of the registered {@code LogDriverResolver}s */
    public ContainersAssembly(Path containersRoot, ImageService images, ContainerLayerStore layers,
                              ExecutionDriver driver, LinuxFs fs, EngineSettings settings, Supplier<EventBus> eventBus,
                              Supplier<EngineMetrics> metrics,
                              Supplier<NetworkService> networkService, Supplier<VolumeService> volumeService,
                              PluginLogDrivers logPlugins, ScheduledExecutorService scheduler,
                              ExecutorService workers) {
        store = new ContainerStore(containersRoot);
        events = new Events(eventBus, metrics);
        ContainerNetworks networks = new ContainerNetworks(networkService);
        ContainerVolumes volumes = new ContainerVolumes(volumeService, index, fs);
        HostConfigValidator validator = new HostConfigValidator(settings.onlineCpus(), runtimes(driver),
                settings.defaultRuntime(), settings.securityModules(), settings.logDriver(), settings.logOpts(),
                logPlugins::exists);
        engine = engine(layers, driver, settings, scheduler, workers, networks, volumes, validator, logPlugins);
        creator = new ContainerCreator(store, index, images, layers, engine::validator, settings, events, networks,
                volumes);
        execs = new ExecService(index, driver, events);
        service = new ContainerServiceImpl(engine, layers, creator);
    }

    private ContainerEngine engine(ContainerLayerStore layers, ExecutionDriver driver, EngineSettings settings,
                                   ScheduledExecutorService scheduler, ExecutorService workers,
                                   ContainerNetworks networks, ContainerVolumes volumes,
                                   HostConfigValidator validator, PluginLogDrivers logPlugins) {
        Persister persister = new Persister(store);
        LogRotator logs = logRotator(workers);
        LogForwarding forwarding = new LogForwarding(new LogSinks(journalSocket(), settings.hostHostname()),
                logPlugins);
        RestartManagers restartManagers = new RestartManagers(persister);
        HealthMonitors healthMonitors = new HealthMonitors(driver, events, scheduler, workers, persister);
        RuntimeCleanup cleanup = new RuntimeCleanup(driver, layers);
        ContainerStopper stopper = new ContainerStopper(driver, events, persister, restartManagers);
        ContainerRemover remover = new ContainerRemover(store, index, layers, volumes, events, persister,
                restartManagers, healthMonitors, cleanup, stopper, forwarding);
        ExitMonitor exits = new ExitMonitor(driver, events, scheduler, workers, networks, volumes, persister,
                restartManagers, healthMonitors, cleanup, remover);
        ResolvConfFiles resolvConf = new ResolvConfFiles(settings.hostResolvConf(), networks::dnsServer);
        StartPreparation preparation = new StartPreparation(index, driver, settings, networks, resolvConf);
        ContainerStarter starter = new ContainerStarter(layers, driver, events, settings, networks, volumes,
                preparation, persister, restartManagers, healthMonitors, cleanup, exits, logs, forwarding);
        Reconciler reconciler = new Reconciler(store, index, layers, driver, workers, networks, persister,
                healthMonitors, cleanup, exits, starter, remover, logs, forwarding);
        ContainerEngine.Verbs verbs = new ContainerEngine.Verbs(starter, stopper, remover,
                new ContainerPauser(driver, events, persister), new ContainerRenamer(index, events, persister),
                new ContainerUpdater(driver, events, validator, persister, restartManagers),
                new ContainerAttacher(driver), reconciler, exits, healthMonitors, logs, forwarding);
        return new ContainerEngine(index, driver, events, validator, networks, resolvConf, persister, verbs);
    }

    /** The journal's socket; WHARF_JOURNAL_SOCKET names another, for tests that listen in the journal's place. */
    private static Path journalSocket() {
        String override = System.getenv("WHARF_JOURNAL_SOCKET");
        return override == null || override.isEmpty() ? LogSinks.JOURNAL_SOCKET : Path.of(override);
    }

    private static LogRotator logRotator(ExecutorService compressor) {
        try {
            return new LogRotator(compressor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch log files: " + e.getMessage(), e);
        }
    }

    private static List<String> runtimes(ExecutionDriver driver) {
        List<String> r = driver.runtimes();
        return r == null || r.isEmpty() ? List.of("runc") : r;
    }

    public ContainerStore store() {
        return store;
    }

    public ContainerIndex index() {
        return index;
    }

    public Events events() {
        return events;
    }

    public ContainerEngine engine() {
        return engine;
    }

    public ContainerCreator creator() {
        return creator;
    }

    public ExecService execs() {
        return execs;
    }

    public ContainerServiceImpl service() {
        return service;
    }

    /** Stops monitoring the containers; they keep running in the driver. */
    public void close() {
        engine.close();
    }
}
