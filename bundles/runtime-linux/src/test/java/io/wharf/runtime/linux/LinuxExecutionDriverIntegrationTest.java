package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecSession;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ExitStatus;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.api.runtime.StreamType;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver against the real runc and conmon of this machine, with a busybox root filesystem. Needs root.
 * Containers go under the /wharf-test cgroup and a private exec root, so a running daemon is never touched.
 */
class LinuxExecutionDriverIntegrationTest {
    private static final String CGROUP_PARENT = "/wharf-test";
    private static Path work;
    private static Path rootfs;

    private Path execRoot;
    private LinuxExecutionDriver driver;
    private final List<LinuxExecutionDriver> drivers = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void makeRootfs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/conmon")) && Files.isExecutable(Path.of("/usr/sbin/runc")));
        // Short paths: conmon's socket paths must fit in 108 bytes.
        work = Files.createTempDirectory(Path.of("/tmp"), "wt");
        rootfs = work.resolve("rootfs");
        for (String dir : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "root")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet.trim()), Path.of("busybox"));
            }
        }
        list.waitFor();
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    }

    @AfterAll
    static void removeRootfs() throws IOException {
        if (work != null) {
            io.wharf.archive.DirectoryTrees.delete(work);
        }
        for (String controller : List.of("cpu", "cpuacct", "cpuset", "memory", "pids", "blkio", "devices",
                "freezer", "systemd", "unified")) {
            try {
                Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, CGROUP_PARENT));
            } catch (IOException ignored) {
                // busy: another test run
            }
        }
    }

    @BeforeEach
    void openDriver() throws IOException {
        execRoot = Files.createTempDirectory(work, "x");
        driver = newDriver();
    }

    private LinuxExecutionDriver newDriver() throws IOException {
        LinuxExecutionDriver d = LinuxExecutionDriver.open(new LinuxExecutionDriver.Settings(execRoot, "runc",
                Map.of(), Path.of("/usr/bin/conmon"), CGROUP_PARENT, "error"), LinuxFs.get());
        drivers.add(d);
        return d;
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (String id : created) {
            try {
                driver.kill(id, 9);
            } catch (Exception ignored) {
                // already stopped
            }
            try {
                driver.delete(id);
            } catch (Exception ignored) {
                // never created
            }
        }
        for (LinuxExecutionDriver d : drivers) {
            d.close();
        }
        io.wharf.archive.DirectoryTrees.delete(execRoot);
    }

    // ---- helpers

    private static String newId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private ContainerSpec spec(String id, ProcessSpec process, Map<String, String> annotations) {
        return new ContainerSpec(id, "t-" + id.substring(0, 8), "runc", rootfs, false, process, "wharf-test", null,
                List.of(NamespaceSpec.fresh("pid"), NamespaceSpec.fresh("ipc"), NamespaceSpec.fresh("uts"),
                        NamespaceSpec.fresh("mount"), NamespaceSpec.fresh("network")),
                List.of(), List.of(), new SecuritySpec(false, null, true, null, null, null), Resources.none(),
                Map.of(), execRoot.resolve("logs").resolve(id + ".log"), annotations);
    }

    private static ProcessSpec process(boolean terminal, boolean stdin, String... args) {
        return new ProcessSpec(List.of(args), List.of("PATH=/bin", "TERM=xterm"), "/", 0, 0, List.of(), terminal,
                stdin, List.of());
    }

    private String create(ProcessSpec process) throws IOException {
        return create(process, Map.of());
    }

    private String create(ProcessSpec process, Map<String, String> annotations) throws IOException {
        String id = newId();
        created.add(id);
        driver.create(spec(id, process, annotations));
        return id;
    }

    /** Collects output on a background thread. */
    private static final class Collector {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Collector(ProcessIo io) {
            Thread thread = new Thread(() -> {
                try {
                    io.pumpOutput((stream, buffer, offset, length) -> {
                        synchronized (this) {
                            (stream == StreamType.STDERR ? err : out).write(buffer, offset, length);
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

        synchronized String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static ExitStatus await(CompletableFuture<ExitStatus> exit) throws Exception {
        return exit.get(10, TimeUnit.SECONDS);
    }

    // ---- tests

    @Test
    void outputIsSeparatedLoggedAndTheExitCodeRecorded() throws Exception {
        String id = create(process(false, false, "sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(ContainerStatus.State.CREATED, driver.status(id).state());
        try (ProcessIo io = driver.attach(id, false)) {
            assertNull(io.stdin());
            Collector output = new Collector(io);
            driver.start(id);
            ExitStatus exit = await(driver.awaitExit(id).toCompletableFuture());
            assertEquals(3, exit.exitCode());
            assertFalse(exit.oomKilled());
            assertNotNull(exit.finishedAt());
            output.done.get(5, TimeUnit.SECONDS);
            assertEquals("out\n", output.out());
            assertEquals("err\n", output.err());
        }
        String log = Files.readString(execRoot.resolve("logs").resolve(id + ".log"));
        assertTrue(log.matches("(?s).*\\S+ stdout F out\n.*"), log);
        assertTrue(log.matches("(?s).*\\S+ stderr F err\n.*"), log);
        ContainerStatus status = driver.status(id);
        assertEquals(ContainerStatus.State.STOPPED, status.state());
        assertEquals(3, status.exitCode());
        assertEquals(List.of(id), driver.list());

        driver.delete(id);
        assertFalse(Files.exists(execRoot.resolve("containers").resolve(id)));
        assertFalse(Files.exists(execRoot.resolve("exits").resolve(id)));
        assertFalse(Files.exists(execRoot.resolve("s").resolve(id), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(execRoot.resolve("runc-state").resolve(id)));
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory", CGROUP_PARENT, id)));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(id), "no mounts left");
        assertEquals(List.of(), driver.list());
        assertEquals(ContainerStatus.State.GONE, driver.status(id).state());
        EngineException e = assertThrows(EngineException.class, () -> driver.start(id));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
    }

    @Test
    void stdinReachesTheContainerAndEofEndsItWithStdinOnce() throws Exception {
        String id = create(process(false, true, "cat"), Map.of(LinuxExecutionDriver.STDIN_ONCE_ANNOTATION, "true"));
        try (ProcessIo io = driver.attach(id, true)) {
            Collector output = new Collector(io);
            driver.start(id);
            io.stdin().write("hello through attach\n".getBytes(StandardCharsets.UTF_8));
            waitUntil(() -> output.out().equals("hello through attach\n"), "the echo");
            io.stdin().close();
            assertEquals(0, await(driver.awaitExit(id).toCompletableFuture()).exitCode());
        }
    }

    @Test
    void detachingKeepsStdinOpenWithoutStdinOnce() throws Exception {
        String id = create(process(false, true, "cat"));
        ProcessIo first = driver.attach(id, true);
        Collector output = new Collector(first);
        driver.start(id);
        first.stdin().write("one\n".getBytes(StandardCharsets.UTF_8));
        waitUntil(() -> output.out().equals("one\n"), "the first echo");
        first.close(); // detach
        Thread.sleep(100);
        assertEquals(ContainerStatus.State.RUNNING, driver.status(id).state());
        try (ProcessIo second = driver.attach(id, true)) {
            Collector again = new Collector(second);
            second.stdin().write("two\n".getBytes(StandardCharsets.UTF_8));
            waitUntil(() -> again.out().equals("two\n"), "the second echo");
        }
        driver.kill(id, 9); // cat is PID 1 of its namespace: it ignores SIGTERM
        assertEquals(137, await(driver.awaitExit(id).toCompletableFuture()).exitCode());
    }

    @Test
    void terminalGetsResized() throws Exception {
        String id = create(process(true, true, "sh", "-c", "read line; stty size; exit 7"));
        try (ProcessIo io = driver.attach(id, true)) {
            Collector output = new Collector(io);
            driver.start(id);
            io.resize(40, 100);
            Thread.sleep(250);
            io.stdin().write("\r".getBytes(StandardCharsets.UTF_8));
            assertEquals(7, await(driver.awaitExit(id).toCompletableFuture()).exitCode());
            output.done.get(5, TimeUnit.SECONDS);
            assertTrue(output.out().contains("40 100"), output.out());
            assertEquals("", output.err(), "a TTY merges stderr into stdout");
        }
    }

    @Test
    void killPauseAndResume() throws Exception {
        String id = create(process(false, false, "sleep", "100"));
        driver.start(id);
        ContainerStatus running = driver.status(id);
        assertEquals(ContainerStatus.State.RUNNING, running.state());
        assertTrue(running.pid() > 0);
        driver.pause(id);
        assertEquals(ContainerStatus.State.PAUSED, driver.status(id).state());
        driver.resume(id);
        assertEquals(ContainerStatus.State.RUNNING, driver.status(id).state());
        driver.kill(id, 9);
        assertEquals(137, await(driver.awaitExit(id).toCompletableFuture()).exitCode());
        EngineException e = assertThrows(EngineException.class, () -> driver.kill(id, 9));
        assertEquals(ErrorKind.CONFLICT, e.kind());
    }

    @Test
    void killingAPausedContainerWorks() throws Exception {
        String id = create(process(false, false, "sleep", "100"));
        driver.start(id);
        driver.pause(id);
        driver.kill(id, 9);
        assertEquals(137, await(driver.awaitExit(id).toCompletableFuture()).exitCode());
    }

    @Test
    void execWithOutputExitCodeDetachedAndTty() throws Exception {
        String id = create(process(false, false, "sleep", "100"));
        driver.start(id);
        ExecSession exec = driver.exec(id, new ExecSpec(newId(), process(false, false, "sh", "-c",
                "echo exec-out; echo exec-err >&2; exit 4"), false, null, false, true));
        assertTrue(exec.pid() > 0);
        Collector output = new Collector(exec.io());
        assertEquals(4, exec.exit().toCompletableFuture().get(10, TimeUnit.SECONDS).exitCode());
        output.done.get(5, TimeUnit.SECONDS);
        assertEquals("exec-out\n", output.out());
        assertEquals("exec-err\n", output.err());
        exec.io().close();

        String marker = "/tmp/marker-" + id.substring(0, 8);
        ExecSession detached = driver.exec(id, new ExecSpec(newId(), process(false, false, "touch", marker), false,
                null, false, false));
        assertNull(detached.io());
        assertEquals(0, detached.exit().toCompletableFuture().get(10, TimeUnit.SECONDS).exitCode());
        assertTrue(Files.exists(rootfs.resolve(marker.substring(1))));

        String execId = newId();
        ExecSession tty = driver.exec(id, new ExecSpec(execId, process(true, true, "sh", "-c",
                "read line; stty size"), false, null, true, true));
        Collector ttyOutput = new Collector(tty.io());
        driver.resizeExec(id, execId, 33, 77);
        Thread.sleep(250);
        tty.io().stdin().write("\r".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, tty.exit().toCompletableFuture().get(10, TimeUnit.SECONDS).exitCode());
        ttyOutput.done.get(5, TimeUnit.SECONDS);
        assertTrue(ttyOutput.out().contains("33 77"), ttyOutput.out());
        tty.io().close();

        EngineException notFound = assertThrows(EngineException.class, () -> driver.exec(id, new ExecSpec(newId(),
                process(false, false, "/no/such/binary"), false, null, false, true)));
        assertEquals(ErrorKind.INVALID_PARAMETER, notFound.kind());
        waitUntil(() -> {
            try (var dirs = Files.list(execRoot.resolve("containers").resolve(id).resolve("exec"))) {
                return dirs.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, "exec dirs to be removed");
    }

    /** With an exec root of 40 bytes, {@code <exec root>/s/<64 hex>} is 107 bytes and conmon shortens the link. */
    @Test
    void execFindsTheSocketLinkConmonShortened() throws Exception {
        int nameLength = ExecRootLayout.SUN_PATH_BYTES - 1 - "/s/".length() - 64 - work.toString().length() - 1;
        assumeTrue(nameLength > 0, "the temporary directory's name is too long");
        execRoot = Files.createDirectory(work.resolve("x".repeat(nameLength)));
        driver = newDriver();
        String id = create(process(false, false, "sleep", "100"));
        driver.start(id);
        ExecSession exec = driver.exec(id, new ExecSpec(newId(), process(false, false, "echo", "through-the-link"),
                false, null, false, true));
        Collector output = new Collector(exec.io());
        assertEquals(0, exec.exit().toCompletableFuture().get(10, TimeUnit.SECONDS).exitCode());
        output.done.get(5, TimeUnit.SECONDS);
        assertEquals("through-the-link\n", output.out());
        exec.io().close();
    }

    @Test
    void aMissingEntrypointIsTheUsersErrorAndLeavesNothing() throws Exception {
        String id = newId();
        EngineException e = assertThrows(EngineException.class,
                () -> driver.create(spec(id, process(false, false, "/no/such/entrypoint"), Map.of())));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
        assertEquals(List.of(), driver.list());
        assertFalse(Files.exists(execRoot.resolve("s").resolve(id), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void statsAndPidsOfARunningContainer() throws Exception {
        String id = create(process(false, false, "sleep", "100"));
        driver.start(id);
        ContainerStats stats = driver.stats(id);
        // pids.current counts tasks: just after start, runc's Go init may still be exec'ing sleep with its threads
        for (long deadline = System.nanoTime() + 5_000_000_000L;
                stats.pidsCurrent() != 1 && System.nanoTime() < deadline; stats = driver.stats(id)) {
            Thread.sleep(20);
        }
        assertTrue(stats.memoryUsage() > 0, "memory usage " + stats.memoryUsage());
        assertTrue(stats.memoryLimit() > 0);
        assertTrue(stats.systemCpuNanos() > 0);
        assertTrue(stats.onlineCpus() > 0);
        assertEquals(1, stats.pidsCurrent());
        assertTrue(stats.networks().isEmpty(), "a fresh network namespace has only lo: " + stats.networks());
        assertEquals(List.of(driver.status(id).pid()), driver.pids(id));
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertEquals(ContainerStatus.State.RUNNING, driver.status(id).state());
        }
        long t1 = System.nanoTime();
        OciRuntime runc = new RuntimeCatalog("runc", null, execRoot, RuntimeCatalog.SEARCH_PATH).resolve("runc");
        for (int i = 0; i < 10; i++) {
            assertTrue(new RuntimeCli().run(runc, null, true, "state", id).stdout().contains("running"));
        }
        long t2 = System.nanoTime();
        System.out.printf("status(): %.3f ms from files, %.1f ms with runc state%n", (t1 - t0) / 50e6,
                (t2 - t1) / 10e6);
        driver.update(id, new Resources(128L << 20, null, null, null, 256L, null, null, null, null, 50L, null));
        assertEquals(String.valueOf(128L << 20),
                Files.readString(Path.of("/sys/fs/cgroup/memory", CGROUP_PARENT, id, "memory.limit_in_bytes")).trim());
        assertEquals(50, driver.stats(id).pidsLimit());
    }

    @Test
    void aNewDriverAdoptsRunningContainers() throws Exception {
        String id = create(process(false, true, "cat"));
        driver.start(id);
        driver.close(); // the daemon goes away; conmon and the container stay
        LinuxExecutionDriver restarted = newDriver();
        driver = restarted;
        assertEquals(List.of(id), restarted.list());
        assertEquals(ContainerStatus.State.RUNNING, restarted.status(id).state());
        CompletableFuture<ExitStatus> exit = restarted.awaitExit(id).toCompletableFuture();
        assertFalse(exit.isDone());
        try (ProcessIo io = restarted.attach(id, true)) {
            Collector output = new Collector(io);
            io.stdin().write("still here\n".getBytes(StandardCharsets.UTF_8));
            waitUntil(() -> output.out().equals("still here\n"), "the adopted container's echo");
        }
        ExecSession exec = restarted.exec(id, new ExecSpec(newId(), process(false, false, "true"), false, null,
                false, false));
        assertEquals(0, exec.exit().toCompletableFuture().get(10, TimeUnit.SECONDS).exitCode());
        restarted.kill(id, 9);
        assertEquals(137, await(exit).exitCode());
    }

    @Test
    void anAdoptedContainerWhoseMonitorDiedStillGetsAnExit() throws Exception {
        String id = create(process(false, false, "sleep", "100"));
        driver.start(id);
        long conmonPid = Long.parseLong(Files.readString(execRoot.resolve("containers").resolve(id)
                .resolve("conmon.pid")).trim());
        assertTrue(driver.monitorAlive(id));
        new ProcessBuilder("kill", "-9", Long.toString(conmonPid)).start().waitFor();
        waitUntil(() -> !driver.monitorAlive(id), "conmon to die");
        driver.close();
        driver = newDriver();
        CompletableFuture<ExitStatus> exit = driver.awaitExit(id).toCompletableFuture();
        assertFalse(exit.isDone(), "the container still runs");
        driver.kill(id, 9);
        assertEquals(ConmonMonitors.UNKNOWN_EXIT_CODE, await(exit).exitCode());
    }

    @Test
    void crunIsSelectableButMissing() throws Exception {
        assumeTrue(!Files.exists(Path.of("/usr/bin/crun")) && !Files.exists(Path.of("/usr/local/bin/crun")));
        String id = newId();
        ContainerSpec crun = new ContainerSpec(id, "c", "crun", rootfs, false, process(false, false, "true"), null,
                null, List.of(), List.of(), List.of(), null, null, null, null, null);
        EngineException e = assertThrows(EngineException.class, () -> driver.create(crun));
        assertTrue(e.getMessage().contains("crun is not available"), e.getMessage());
        assertTrue(driver.runtimes().containsAll(List.of("runc", "crun")));
        assertEquals("runc", driver.runtimes().get(0));
    }

    @Test
    void runTrueIsFast() throws Exception {
        List<Long> millis = new ArrayList<>();
        long[] phases = new long[4];
        for (int i = 0; i < 12; i++) {
            long start = System.nanoTime();
            String id = newId();
            driver.create(spec(id, process(false, false, "true"), Map.of()));
            long created = System.nanoTime();
            CompletableFuture<ExitStatus> exit = driver.awaitExit(id).toCompletableFuture();
            driver.start(id);
            long started = System.nanoTime();
            assertEquals(0, await(exit).exitCode());
            long exited = System.nanoTime();
            driver.delete(id);
            long deleted = System.nanoTime();
            millis.add((deleted - start) / 1_000_000);
            if (i >= 2) {
                phases[0] += created - start;
                phases[1] += started - created;
                phases[2] += exited - started;
                phases[3] += deleted - exited;
            }
        }
        System.out.printf("mean of 10 warm runs, ms: create %.1f start %.1f exit %.1f delete %.1f%n",
                phases[0] / 1e7, phases[1] / 1e7, phases[2] / 1e7, phases[3] / 1e7);
        List<Long> warm = new ArrayList<>(millis.subList(2, millis.size()));
        Collections.sort(warm);
        System.out.println("create+start+exit+delete of true, ms: " + millis + " median(warm)="
                + warm.get(warm.size() / 2));
        assertTrue(warm.get(warm.size() / 2) < 1000);
    }
}
