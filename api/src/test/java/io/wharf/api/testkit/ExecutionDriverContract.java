package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.api.runtime.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ExecutionDriver} must do for the container engine, with real containers: a busybox root
 * filesystem (the host's {@code /bin/busybox}), fresh namespaces, no resource limits. A driver's test extends this
 * class and says how to open the driver on a state directory; opening a second driver on the same directory is a
 * daemon restart. Containers the tests make are killed and deleted after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExecutionDriverContract {
    private Path rootfs;
    /** Short: monitors keep unix sockets under the state directory, whose paths must fit in 108 bytes. */
    private Path state;
    protected ExecutionDriver driver;
    private final List<ExecutionDriver> opened = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    /** Opens the driver under test, keeping its state (runtime state, monitors, logs) under {@code state}. */
    protected abstract ExecutionDriver open(Path state) throws IOException;

    /** Releases what {@link #open} made (threads, watchers); the containers are left to the next driver. */
    protected abstract void close(ExecutionDriver driver) throws IOException;

    @BeforeAll
    void makeRootfs(@TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS) Path dir) throws Exception {
        rootfs = dir.resolve("rootfs");
        for (String sub : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "root")) {
            Files.createDirectories(rootfs.resolve(sub));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "true")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    }

    @BeforeEach
    void openDriver() throws IOException {
        state = Files.createTempDirectory(Path.of("/tmp"), "wx");
        driver = reopen();
    }

    @AfterEach
    void removeContainers() throws IOException {
        for (String id : created) {
            quietly(() -> driver.kill(id, 9));
            quietly(() -> driver.awaitExit(id).toCompletableFuture().get(10, TimeUnit.SECONDS));
            quietly(() -> driver.delete(id));
        }
        for (ExecutionDriver d : opened) {
            close(d);
        }
        try (var files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aContainerGoesFromCreatedToStoppedWithItsOutputAndExitCode() throws Exception {
        assertFalse(driver.name() == null || driver.name().isBlank());
        assertFalse(driver.runtimes().isEmpty(), "no runtime");
        String id = create("sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(ContainerStatus.State.CREATED, driver.status(id).state());
        assertTrue(driver.list().contains(id));
        try (ProcessIo io = driver.attach(id, false)) {
            Output output = new Output(io);
            driver.start(id);
            ExitStatus exit = exit(id);
            assertEquals(3, exit.exitCode());
            assertNotNull(exit.finishedAt());
            output.done.get(10, TimeUnit.SECONDS);
            assertEquals("out\n", output.text(StreamType.STDOUT));
            assertEquals("err\n", output.text(StreamType.STDERR));
        }
        ContainerStatus stopped = driver.status(id);
        assertEquals(ContainerStatus.State.STOPPED, stopped.state());
        assertEquals(3, stopped.exitCode());
        assertEquals(3, exit(id).exitCode(), "awaiting a stopped container completes at once");
        driver.delete(id);
        assertFalse(driver.list().contains(id));
        assertEquals(ContainerStatus.State.GONE, driver.status(id).state());
    }

    @Test
    void aRunningContainerIsPausedResumedAndKilled() throws Exception {
        String id = create("sleep", "100");
        driver.start(id);
        ContainerStatus running = driver.status(id);
        assertEquals(ContainerStatus.State.RUNNING, running.state());
        assertTrue(running.pid() > 0);
        assertTrue(driver.pids(id).contains(running.pid()), driver.pids(id).toString());
        assertNotNull(driver.stats(id));
        driver.pause(id);
        assertEquals(ContainerStatus.State.PAUSED, driver.status(id).state());
        driver.resume(id);
        assertEquals(ContainerStatus.State.RUNNING, driver.status(id).state());
        driver.kill(id, 9);
        assertEquals(137, exit(id).exitCode(), "128 + SIGKILL, as Docker reports it");
    }

    @Test
    void anExecRunsBesideTheContainersProcess() throws Exception {
        String id = create("sleep", "100");
        driver.start(id);
        ExecSession exec = driver.exec(id, new ExecSpec(newId(), process("sh", "-c", "echo in-exec; exit 4"), false,
                null, false, true));
        assertTrue(exec.pid() > 0);
        Output output = new Output(exec.io());
        assertEquals(4, exec.exit().toCompletableFuture().get(10, TimeUnit.SECONDS).exitCode());
        output.done.get(10, TimeUnit.SECONDS);
        assertEquals("in-exec\n", output.text(StreamType.STDOUT));
        assertEquals(ContainerStatus.State.RUNNING, driver.status(id).state(), "the exec's end stops nothing");
    }

    @Test
    void aNewDriverOnTheSameStateAdoptsRunningContainers() throws Exception {
        String id = create("sleep", "100");
        driver.start(id);
        long pid = driver.status(id).pid();
        ExecutionDriver restarted = reopen(); // the daemon restarted; the container kept running
        assertTrue(restarted.list().contains(id));
        assertEquals(ContainerStatus.State.RUNNING, restarted.status(id).state());
        assertEquals(pid, restarted.status(id).pid());
        CompletableFuture<ExitStatus> exit = restarted.awaitExit(id).toCompletableFuture();
        restarted.kill(id, 9);
        assertEquals(137, exit.get(10, TimeUnit.SECONDS).exitCode());
        driver = restarted; // cleans up through the driver that knows the container now
    }

    @Test
    void anUnknownContainerIsNotFound() throws IOException {
        String unknown = newId();
        List<Executable> calls = List.of(() -> driver.start(unknown), () -> driver.kill(unknown, 9),
                () -> driver.pause(unknown), () -> driver.resume(unknown), () -> driver.attach(unknown, false),
                () -> driver.pids(unknown), () -> driver.stats(unknown),
                () -> driver.exec(unknown, new ExecSpec(newId(), process("true"), false, null, false, false)),
                () -> driver.update(unknown, Resources.none()), () -> driver.resize(unknown, 24, 80),
                () -> driver.delete(unknown),
                () -> { // thrown at once or as the stage's failure
                    try {
                        driver.awaitExit(unknown).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause();
                    }
                });
        for (Executable call : calls) {
            assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, call).kind());
        }
        assertEquals(ContainerStatus.State.GONE, driver.status(unknown).state());
    }

    private ExecutionDriver reopen() throws IOException {
        ExecutionDriver d = open(state);
        opened.add(d);
        return d;
    }

    private String create(String... command) throws IOException {
        String id = newId();
        created.add(id);
        driver.create(new ContainerSpec(id, "contract-" + id.substring(0, 8), driver.runtimes().get(0), rootfs, false,
                process(command), "contract", null,
                List.of(NamespaceSpec.fresh("pid"), NamespaceSpec.fresh("ipc"), NamespaceSpec.fresh("uts"),
                        NamespaceSpec.fresh("mount"), NamespaceSpec.fresh("network")),
                List.of(), List.of(), new SecuritySpec(false, null, true, null, null, null), Resources.none(),
                Map.of(), state.resolve("logs").resolve(id + ".log"), Map.of()));
        return id;
    }

    private ExitStatus exit(String id) throws Exception {
        return driver.awaitExit(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ProcessSpec process(String... args) {
        return new ProcessSpec(List.of(args), List.of("PATH=/bin"), "/", 0, 0, List.of(), false, false, List.of());
    }

    private static String newId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void quietly(Executable step) {
        try {
            step.execute();
        } catch (Throwable ignored) {
            // already stopped, or never made
        }
    }

    /** A process's output, collected on a thread of its own until the process closes it. */
    private static final class Output {
        private final Map<StreamType, ByteArrayOutputStream> streams = Map.of(StreamType.STDOUT,
                new ByteArrayOutputStream(), StreamType.STDERR, new ByteArrayOutputStream());
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Output(ProcessIo io) {
            Thread thread = new Thread(() -> {
                try {
                    io.pumpOutput((stream, buffer, offset, length) -> {
                        synchronized (this) {
                            streams.get(stream).write(buffer, offset, length);
                        }
                    });
                    done.complete(null);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        synchronized String text(StreamType stream) {
            return streams.get(stream).toString(StandardCharsets.UTF_8);
        }
    }
}
