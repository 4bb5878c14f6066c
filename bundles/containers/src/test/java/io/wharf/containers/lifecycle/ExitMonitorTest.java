package io.wharf.containers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.events.Event;
import io.wharf.api.network.NetworkService;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.containers.FakeDriver;
import io.wharf.containers.FakeImages;
import io.wharf.containers.RecordingEventBus;
import io.wharf.containers.logs.drivers.LogSinks;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.ContainerStore;
import io.wharf.containers.store.WaitCondition;
import io.wharf.linux.LinuxFs;
import io.wharf.support.Json;
import io.wharf.support.Times;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit handling: recording, clean-up under the operation lock, restart policies and --rm. */
class ExitMonitorTest {
    @TempDir
    Path tmp;
    private final FakeDriver driver = new FakeDriver();
    private final RecordingEventBus bus = new RecordingEventBus();
    private final ContainerIndex index = new ContainerIndex();
    private final List<Long> restarts = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private ContainerStore store;
    private Persister persister;
    private volatile NetworkService networkService;
    private ExitMonitor exits;

    @BeforeEach
    void setUp() {
        store = new ContainerStore(tmp.resolve("containers"));
        FakeImages images = new FakeImages(tmp.resolve("layers"));
        Events events = new Events(() -> bus);
        persister = new Persister(store);
        RestartManagers restartManagers = new RestartManagers(persister);
        HealthMonitors healthMonitors = new HealthMonitors(driver, events, scheduler, workers, persister);
        RuntimeCleanup cleanup = new RuntimeCleanup(driver, images.layers());
        ContainerVolumes volumes = new ContainerVolumes(() -> null, index, LinuxFs.get());
        ContainerStopper stopper = new ContainerStopper(driver, events, persister, restartManagers);
        ContainerRemover remover = new ContainerRemover(store, index, images.layers(), volumes, events, persister,
                restartManagers, healthMonitors, cleanup, stopper,
                new LogForwarding(new LogSinks(Path.of("/nonexistent/journal"), "host")));
        exits = new ExitMonitor(driver, events, scheduler, workers, new ContainerNetworks(() -> networkService), volumes,
                persister, restartManagers, healthMonitors, cleanup, remover);
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    /** A container whose run {@code generation} 1 is live. */
    private Container running(HostConfig hostConfig) throws Exception {
        String id = HexFormat.of().formatHex(randomBytes());
        ContainerRecord record = new ContainerRecord(id, Times.rfc3339Nano(Instant.now()), "/c" + id.substring(0, 6),
                "sh", new ArrayList<>(), new ContainerConfigJson(), null, "", "", new ArrayList<>(),
                new LinkedHashMap<>());
        Files.createDirectories(store.dirOf(record.id));
        Container c = new Container(record, hostConfig, store.dirOf(record.id));
        index.reserveName(record.name(), record.id);
        index.add(c);
        c.nextRunGeneration();
        c.changeState(s -> s.started(42, Times.rfc3339Nano(Instant.now()), false));
        return c;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private ExitStatus exit(int code) {
        return new ExitStatus(code, false, Instant.now());
    }

    private List<Event> dies(Container c) {
        return bus.events.stream().filter(e -> e.actorId().equals(c.id()) && e.action().equals("die")).toList();
    }

    @Test
    void anExitIsRecordedCleanedUpAndAnnounced() throws Exception {
        Container c = running(new HostConfig());
        exits.onExit(c, 1, exit(3), null, (container, generation) -> restarts.add(generation));
        assertFalse(c.isRunning());
        assertEquals(3, c.state().exitCode);
        assertTrue(c.waitFor(WaitCondition.NOT_RUNNING).isDone());
        assertEquals("3", dies(c).get(0).attributes().get("exitCode"));
        assertTrue(driver.calls.contains("delete " + c.id()), "the driver state is released");
        ContainerRecord stored = Json.MAPPER.readValue(store.dirOf(c.id()).resolve(ContainerStore.CONFIG_FILE)
                .toFile(), ContainerRecord.class);
        assertEquals(3, stored.state.exitCode);
        assertFalse(stored.state.running);
        assertEquals(List.of(), restarts);
    }

    @Test
    void anExitOfAnEarlierRunOrAfterCloseIsIgnored() throws Exception {
        Container c = running(new HostConfig());
        exits.onExit(c, 0, exit(3), null, (container, generation) -> restarts.add(generation));
        assertTrue(c.isRunning(), "generation 0 is not the live run");
        exits.close();
        exits.onExit(c, 1, exit(3), null, (container, generation) -> restarts.add(generation));
        assertTrue(c.isRunning(), "a closed monitor leaves exits to the next daemon");
        assertEquals(List.of(), dies(c));
    }

    @Test
    void aLostExitCountsAs255() throws Exception {
        Container c = running(new HostConfig());
        exits.onExit(c, 1, null, new IllegalStateException("gone"), (container, generation) -> { });
        assertEquals(255, c.state().exitCode);
    }

    @Test
    void aRestartPolicyKeepsTheContainerRestartingAndStartsItAfterTheDelay() throws Exception {
        HostConfig hc = new HostConfig();
        hc.restartPolicy = new HostConfig.RestartPolicy("always", 0);
        Container c = running(hc);
        exits.onExit(c, 1, exit(1), null, (container, generation) -> restarts.add(generation));
        assertTrue(c.isRestarting());
        assertEquals(1, c.record().restartCount());
        eventually(() -> restarts.equals(List.of(1L)));
        assertEquals(1, dies(c).size());
    }

    @Test
    void theCleanUpWaitsForTheOperationLockAndRunsOnce() throws Exception {
        Container c = running(new HostConfig());
        c.operationLock().lock();
        try {
            Thread watcher = new Thread(() -> exits.onExit(c, 1, exit(3), null, (container, generation) -> { }));
            watcher.start();
            watcher.join(5000);
            assertFalse(c.isRunning(), "the exit is recorded at once");
            assertTrue(c.waitForExit().isDone());
            assertEquals(List.of(), dies(c), "the clean-up waits for the lock holder");
            c.runOwedExitCleanup(); // what an operation holding the lock does before it goes on
            assertEquals(1, dies(c).size());
        } finally {
            c.operationLock().unlock();
        }
        Thread.sleep(100);
        assertEquals(1, dies(c).size(), "the queued clean-up found nothing owed");
    }

    /**
     * An engine whose close gave up waiting for an exit's clean-up (stuck in a driver's wait while a refresh stops
     * the drivers) saves nothing more: the clean-up then leaves the runtime's state, which holds the exit code, to
     * the next engine, instead of deleting it under a saved record that still says running (recorded 255 then).
     */
    @Test
    void aCleanUpThatOutlastsTheEnginesCloseLeavesTheExitToTheNextEngine() throws Exception {
        Container c = running(new HostConfig());
        persister.persist(c);
        CountDownLatch releasing = new CountDownLatch(1);
        CountDownLatch driverBack = new CountDownLatch(1);
        networkService = (NetworkService) Proxy.newProxyInstance(NetworkService.class.getClassLoader(),
                new Class<?>[] {NetworkService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("releaseAll")) { // the network service waits for its driver
                        releasing.countDown();
                        driverBack.await();
                    }
                    return null;
                });
        Thread watcher = new Thread(() -> exits.onExit(c, 1, exit(3), null, (container, generation) -> { }));
        watcher.start();
        assertTrue(releasing.await(5, TimeUnit.SECONDS), "the clean-up releases the networks");
        exits.close(); // the engine's close, which did not get this container's operation lock in time
        persister.close();
        driverBack.countDown();
        watcher.join(5000);
        assertFalse(watcher.isAlive());
        assertFalse(driver.calls.contains("delete " + c.id()), "the runtime's state and exit file are kept");
        ContainerRecord stored = Json.MAPPER.readValue(store.dirOf(c.id()).resolve(ContainerStore.CONFIG_FILE)
                .toFile(), ContainerRecord.class);
        assertTrue(stored.state.running, "the next engine reads the exit from the runtime");
    }

    @Test
    void autoRemoveRemovesTheContainerAfterItsExit() throws Exception {
        HostConfig hc = new HostConfig();
        hc.autoRemove = true;
        Container c = running(hc);
        exits.onExit(c, 1, exit(0), null, (container, generation) -> restarts.add(generation));
        eventually(c::isRemoved);
        assertFalse(Files.exists(store.dirOf(c.id())));
        assertEquals(List.of("die", "destroy"), bus.actions(c.id()));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(10);
        }
    }
}
