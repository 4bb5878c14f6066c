package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.log.LogEntryReader;
import io.wharf.api.log.LogReadRequest;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.containers.create.HostConfigValidator;
import io.wharf.containers.logs.LogRotator;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container lifecycle as the REST layer and the container service see it: one entry per Docker verb, each
 * delegating to the class that runs that verb (moby's daemon layout: start.go, stop.go, kill.go, delete.go,
 * monitor.go...). {@link ContainersAssembly} builds it.
 */
public final class ContainerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerEngine.class);
    /** How long closing waits for the operations under way. */
    private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** What a replaced engine answers: the caller asks the container service registered now. */
    static final String REPLACED = "the container engine was replaced (a bundle it uses was updated): "
            + "use the container service registered now";
    private volatile boolean closed;
    /** The verbs and the collaborators the engine hands out. */
    record Verbs(ContainerStarter starter, ContainerStopper stopper, ContainerRemover remover,
                 ContainerPauser pauser, ContainerRenamer renamer, ContainerUpdater updater,
                 ContainerAttacher attacher, Reconciler reconciler, ExitMonitor exits, HealthMonitors healthMonitors,
                 LogRotator logs, LogForwarding forwarding) {
    }

    private final ContainerIndex index;
    private final ExecutionDriver driver;
    private final Events events;
    private final HostConfigValidator validator;
    private final ContainerNetworks networks;
    private final ResolvConfFiles resolvConf;
    private final Persister persister;
    private final Verbs verbs;

    ContainerEngine(ContainerIndex index, ExecutionDriver driver, Events events, HostConfigValidator validator,
                    ContainerNetworks networks, ResolvConfFiles resolvConf, Persister persister, Verbs verbs) {
        this.index = index;
        this.driver = driver;
        this.events = events;
        this.validator = validator;
        this.networks = networks;
        this.resolvConf = resolvConf;
        this.persister = persister;
        this.verbs = verbs;
    }

    public HostConfigValidator validator() {
        return validator;
    }

    public ContainerIndex index() {
        return index;
    }

    public Events events() {
        return events;
    }

    public ExecutionDriver driver() {
        return driver;
    }

    /** Rotation of the containers' log files, which followers of a log subscribe to. */
    public LogRotator logs() {
        return verbs.logs();
    }

    /** {@code docker logs} through the container's log driver, when it reads its logs back; else null. */
    public LogEntryReader readThroughDriver(Container c, LogReadRequest request) {
        return verbs.forwarding().readThroughDriver(c, request);
    }

    /** Loads the stored containers and reconciles them with what the driver knows. */
    public void load() throws IOException {
        verbs.reconciler().load();
    }

    /**
     * Stops monitoring (the containers keep running in the driver); a new engine re-adopts them. Operations under
     * way (a start, a stop) finish first, so that none meets a closed engine halfway: the engine is closed when
     * a driver it uses is swapped while clients keep working.
     */
    public void close() {
        closed = true; // from now on its container service refuses work: a new engine is being built
        List<ReentrantLock> held = holdOperations();
        try {
            verbs.exits().close(); // under every lock: an exit's clean-up is either done or left to the next engine
            persister.close();
            verbs.healthMonitors().stopAll();
            verbs.forwarding().close(); // after the exit monitors: no start hands it a new container meanwhile
            verbs.logs().close();
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    /** Whether {@link #close} was called: the engine was, or is being, replaced. */
    public boolean isClosed() {
        return closed;
    }

    /** Takes every container's operation lock, waiting for the operations under way up to a bound. */
    private List<ReentrantLock> holdOperations() {
        long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
        List<ReentrantLock> held = new java.util.ArrayList<>();
        for (Container c : index.all()) {
            ReentrantLock lock = c.operationLock();
            try {
                if (lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    held.add(lock);
                } else { // it saves nothing more once closed: what it has not saved, the next engine reconciles
                    LOG.info("closing the engine while an operation on container {} is still under way", c.id());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return held;
    }

    public void start(Container c) {
        whileLive(c, () -> verbs.starter().start(c));
    }

    /**
     * Runs a client's operation under the container's operation lock unless the engine was closed while it waited
     * for the lock (the service checked before): run then, it would act on drivers whose bundles are being
     * refreshed (a NoClassDefFoundError halfway) with no engine left to save what it did.
     */
    private void whileLive(Container c, Runnable operation) {
        c.operationLock().lock(); // reentrant: the operation takes it again
        try {
            if (closed) {
                throw EngineException.unavailable(REPLACED);
            }
            operation.run();
        } catch (RuntimeException e) {
            if (closed) { // cut short by the close (a service it waited for gave up): the caller asks the new engine
                throw new EngineException(ErrorKind.UNAVAILABLE, REPLACED, e);
            }
            throw e;
        } finally {
            c.operationLock().unlock();
        }
    }

    /** docker stop: the stop signal, then SIGKILL after the timeout (negative: wait forever). */
    public void stop(Container c, Integer timeoutSeconds, String signal) {
        verbs.stopper().stop(c, timeoutSeconds, signal);
    }

    /** docker kill. */
    public void kill(Container c, String signal) {
        verbs.stopper().kill(c, signal);
    }

    /** docker restart: a stop (when running) and a start under one hold of the operation lock. */
    public void restart(Container c, Integer timeoutSeconds, String signal) {
        int sig = ContainerStopper.stopSignal(c, signal);
        c.operationLock().lock();
        try {
            if (c.isRunning()) {
                verbs.stopper().stopLocked(c, timeoutSeconds, sig);
                events.container(c, "stop");
            }
            synchronized (c) {
                if (c.isRemoved() || c.state().removalInProgress) {
                    throw EngineException.conflict("container is marked for removal and cannot be started");
                }
            }
            verbs.starter().startLocked(c, true);
        } finally {
            c.operationLock().unlock();
        }
        events.container(c, "restart");
    }

    public void pause(Container c) {
        verbs.pauser().pause(c);
    }

    public void unpause(Container c) {
        verbs.pauser().unpause(c);
    }

    /** docker rm: refuses running containers unless forced; removes the layer, the driver state and the folder. */
    public void remove(Container c, boolean force) {
        remove(c, force, false);
    }

    /** docker rm [-f] [-v]: -v also removes the container's anonymous volumes. */
    public void remove(Container c, boolean force, boolean removeVolumes) {
        whileLive(c, () -> verbs.remover().remove(c, force, removeVolumes));
    }

    public void rename(Container c, String newName) {
        verbs.renamer().rename(c, newName);
    }

    /** docker rm --link: the parent's link of {@code alias} goes from its HostConfig.Links. */
    public void removeLink(Container parent, String alias) {
        verbs.updater().removeLink(parent, alias);
    }

    /** docker update: resources (applied live to a running container) and the restart policy. */
    public List<String> update(Container c, HostConfig changes, Set<String> fields) {
        return verbs.updater().update(c, changes, fields);
    }

    /**
     * Connects to the container's stdio: at once when it runs, else at its next start (docker run and
     * docker start -a attach first, then start).
     */
    public CompletableFuture<ProcessIo> attach(Container c, boolean stdin) {
        return verbs.attacher().attach(c, stdin);
    }

    public void resize(Container c, int height, int width) {
        verbs.attacher().resize(c, height, width);
    }

    /** docker network connect: remembered for later starts, plugged in now when the container runs. */
    public void connectNetwork(Container c, String network, EndpointRecord config) throws IOException {
        c.operationLock().lock();
        try {
            if (c.isRemoved()) {
                throw EngineException.notFound("No such container: %s", c.id());
            }
            networks.connect(c, network, config);
            persister.persist(c);
            resolvConf.refresh(c);
        } finally {
            c.operationLock().unlock();
        }
    }

    /** docker network disconnect [-f]. */
    public void disconnectNetwork(Container c, String network, boolean force) throws IOException {
        c.operationLock().lock();
        try {
            networks.disconnect(c, network, force);
            persister.persist(c);
            resolvConf.refresh(c);
        } finally {
            c.operationLock().unlock();
        }
    }
}
