package io.wharf.containers.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.containers.create.Capabilities;
import io.wharf.containers.create.ConfigMerger;
import io.wharf.containers.create.UserResolver;
import io.wharf.containers.lifecycle.Events;
import io.wharf.containers.rest.ExecBackend;
import io.wharf.containers.rest.ExecInspectBody;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.containers.store.StartedRun;
import io.wharf.containers.store.WaitCondition;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * docker exec: creating exec instances, starting them in the driver, and keeping their outcome until their
 * container is removed (by any path) or they exited long ago.
 */
public final class ExecService implements ExecBackend {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KEEP_EXITED = Duration.ofMinutes(10);
    /** How often a create sweeps old exits: a sweep walks every exec instance, so not on each create. */
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);
    private final ContainerIndex index;
    private final ExecutionDriver driver;
    private final Events events;
    private final Map<String, ExecInstance> execs = new ConcurrentHashMap<>();
    /** Containers whose removal this service listens for. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextSweepNanos = new AtomicLong(System.nanoTime());

    public ExecService(ContainerIndex index, ExecutionDriver driver, Events events) {
        this.index = index;
        this.driver = driver;
        this.events = events;
    }

    @Override
    public String create(String containerRef, ExecConfig config) {
        Container c = index.get(containerRef);
        if (config == null || config.cmd().isEmpty()) {
            throw EngineException.invalid("No exec command specified");
        }
        requireRunning(c);
        if (!config.detachKeys().isEmpty()) {
            io.wharf.containers.attach.DetachKeys.parse(config.detachKeys());
        }
        forgetOldExits();
        String id = HexFormat.of().formatHex(randomBytes());
        execs.put(id, new ExecInstance(id, c.id(), config));
        c.addExec(id);
        forgetWhenRemoved(c);
        events.container(c, "exec_create: " + String.join(" ", config.cmd()), Map.of("execID", id));
        return id;
    }

    public ExecInstance get(String id) {
        ExecInstance e = execs.get(id);
        if (e == null) {
            throw EngineException.notFound("No such exec instance: %s", id);
        }
        return e;
    }

    @Override
    public ExecInspectBody inspect(String id) {
        return ExecInspectBody.of(get(id));
    }

    public Container containerOf(ExecInstance exec) {
        return index.get(exec.containerId());
    }

    /** Forgets the container's execs (it was removed). */
    private void forgetContainer(String containerId) {
        execs.values().removeIf(e -> e.containerId().equals(containerId));
    }

    /**
     * Forgets the container's execs once it is removed, whether by docker rm, --rm, auto-remove or prune: the
     * removal completes the container's REMOVED waiters before the engine returns, so no exec ID outlives it.
     */
    private void forgetWhenRemoved(Container c) {
        String id = c.id();
        if (watched.add(id)) {
            c.waitFor(WaitCondition.REMOVED).thenRun(() -> {
                forgetContainer(id);
                watched.remove(id);
            });
        }
    }

    /**
     * Validates and claims the start: 404/409 as Docker answers them, so that they come back as plain HTTP
     * errors before the connection is hijacked.
     */
    public void claim(ExecInstance exec) {
        Container c = containerOf(exec);
        requireRunning(c);
        if (!exec.claimStart()) {
            if (exec.running()) {
                throw EngineException.conflict("Error: Exec command %s is already running", exec.id());
            }
            throw EngineException.conflict("Error: Exec command %s has already run", exec.id());
        }
    }

    /** Starts the claimed exec in the driver; its exit is recorded (and announced) whenever it comes. */
    public ExecSession start(ExecInstance exec, boolean attachOutput) throws IOException {
        Container c = containerOf(exec);
        ExecConfig cfg = exec.config();
        StartedRun run = c.run();
        if (run == null) {
            throw EngineException.conflict("container %s is not running", c.id());
        }
        long uid = run.uid();
        long gid = run.gid();
        List<Long> groups = run.additionalGids();
        if (!cfg.user().isEmpty()) {
            UserResolver.ResolvedUser u = UserResolver.resolve(run.rootfs(), cfg.user(), c.hostConfig().groupAdd);
            uid = u.uid();
            gid = u.gid();
            groups = u.additionalGids();
        }
        List<String> env = ConfigMerger.replaceOrAppend(run.env(), cfg.env());
        if (cfg.tty() && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm");
        }
        String cwd = !cfg.workingDir().isEmpty() ? cfg.workingDir()
                : c.record().config.workingDir == null || c.record().config.workingDir.isEmpty() ? "/"
                : c.record().config.workingDir;
        ProcessSpec process = new ProcessSpec(cfg.cmd(), env, cwd, uid, gid, groups, cfg.tty(), cfg.attachStdin(),
                List.of());
        List<String> caps = cfg.privileged() ? Capabilities.all() : run.capabilities();
        ExecSpec spec = new ExecSpec(exec.id(), process, cfg.privileged(), caps, cfg.attachStdin() && attachOutput,
                attachOutput);
        ExecSession session;
        try {
            session = driver.exec(c.id(), spec);
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase();
            exec.markExited(message.contains("not found") || message.contains("no such file") ? 127 : 126);
            throw e;
        }
        exec.markRunning(session.pid());
        exec.setIo(session.io());
        events.container(c, "exec_start: " + String.join(" ", cfg.cmd()), Map.of("execID", exec.id()));
        session.exit().whenComplete((ExitStatus status, Throwable error) -> {
            int code = status != null ? status.exitCode() : 126;
            exec.markExited(code);
            exec.setIo(null);
            events.container(c, "exec_die", Map.of("execID", exec.id(), "exitCode", Integer.toString(code)));
        });
        return session;
    }

    @Override
    public void resize(String id, int height, int width) {
        ExecInstance exec = get(id);
        ProcessIo io = exec.io();
        try {
            if (io != null) {
                io.resize(height, width);
            } else {
                driver.resizeExec(exec.containerId(), exec.id(), height, width);
            }
        } catch (IOException e) {
            throw EngineException.system("cannot resize exec " + exec.id() + ": " + e.getMessage(), e);
        }
    }

    private static void requireRunning(Container c) {
        synchronized (c) {
            if (!c.state().running) {
                throw EngineException.conflict("container %s is not running", c.id());
            }
            if (c.state().paused) {
                throw EngineException.conflict("Container %s is paused, unpause the container before exec", c.id());
            }
            if (c.state().restarting) {
                throw EngineException.conflict("Container %s is restarting, wait until the container is running",
                        c.id());
            }
        }
    }

    private void forgetOldExits() {
        long now = System.nanoTime();
        long due = nextSweepNanos.get();
        if (now - due < 0 || !nextSweepNanos.compareAndSet(due, now + SWEEP_EVERY.toNanos())) {
            return;
        }
        Instant cutoff = Instant.now().minus(KEEP_EXITED);
        execs.values().removeIf(e -> {
            Instant f = e.finishedAt();
            if (f != null && f.isBefore(cutoff)) {
                Container c = index.find(e.containerId());
                if (c != null) {
                    c.removeExec(e.id());
                }
                return true;
            }
            return false;
        });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }
}
