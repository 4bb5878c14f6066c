package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceCgroupRule;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.WaitCondition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String create(String hostConfigExtra) {
        return h.create("{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"exit 3\"],\"HostConfig\":{\"NetworkMode\":\"none\""
                + hostConfigExtra + "}}");
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void runLikeDockerRunWaitsAndPropagatesTheExitCode() throws Exception {
        String id = create("");
        Container c = h.get(id);
        CompletableFuture<Integer> wait = c.waitFor(WaitCondition.NEXT_EXIT);
        h.engine.start(c);
        assertTrue(c.isRunning());
        assertEquals("running", c.state().status());
        assertFalse(wait.isDone());
        h.driver.procs.get(id).exit(3);
        assertEquals(3, wait.get(5, TimeUnit.SECONDS));
        eventually(() -> !c.isRunning());
        assertEquals("exited", c.state().status());
        assertEquals(3, c.state().exitCode);
        assertEquals(List.of("create", "start", "die"), h.actions(id));
        assertEquals(0, h.images.mounts.get(id), "the rootfs is released after the exit");
        assertFalse(h.driver.procs.containsKey(id), "the driver state is deleted after the exit");
    }

    @Test
    void deviceCgroupRulesReachTheSpecAndBadOnesAreRefusedAtCreate() throws Exception {
        String id = create(",\"DeviceCgroupRules\":[\"c 42:* rm\",\"a *:* r\"]");
        h.engine.start(h.get(id));
        assertEquals(List.of(new DeviceCgroupRule("c", 42L, null, "rm"), new DeviceCgroupRule("a", null, null, "r")),
                h.driver.procs.get(id).spec.deviceCgroupRules());
        EngineException bad = assertThrows(EngineException.class, () -> create(",\"DeviceCgroupRules\":[\"c 1:3\"]"));
        assertEquals(ErrorKind.INVALID_PARAMETER, bad.kind());
        assertEquals("invalid device cgroup rule format: 'c 1:3'", bad.getMessage());
    }

    @Test
    void specCarriesDockersDefaults() throws Exception {
        String id = create(",\"CapAdd\":[\"NET_ADMIN\"],\"CapDrop\":[\"MKNOD\"],\"ReadonlyRootfs\":true,"
                + "\"Tmpfs\":{\"/run\":\"exec,size=1m\"},\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":10,\"Hard\":20}]");
        h.engine.start(h.get(id));
        ContainerSpec spec = h.driver.procs.get(id).spec;
        assertTrue(spec.security().capabilities().contains("CAP_NET_ADMIN"));
        assertFalse(spec.security().capabilities().contains("CAP_MKNOD"));
        assertEquals(14, spec.security().capabilities().size());
        assertTrue(spec.security().maskedPaths().contains("/proc/kcore"));
        assertTrue(spec.readonlyRootfs());
        assertEquals(List.of("sh", "-c", "exit 3"), spec.process().args());
        assertTrue(spec.process().env().contains("HOSTNAME=" + id.substring(0, 12)));
        assertEquals("RLIMIT_NOFILE", spec.process().rlimits().get(0).type());
        assertTrue(spec.mounts().stream().anyMatch(m -> m.destination().equals("/etc/resolv.conf")));
        assertTrue(spec.mounts().stream().anyMatch(m -> m.destination().equals("/run")
                && !m.options().contains("noexec")));
        assertTrue(spec.namespaces().stream().anyMatch(n -> n.type().equals("network") && n.path() == null));
        String resolv = Files.readString(h.get(id).dir().resolve("resolv.conf"));
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\nsearch example.org\n", resolv);
        assertTrue(Files.readString(h.get(id).dir().resolve("hosts")).contains("127.0.0.1\t" + id.substring(0, 12)));
        assertEquals(spec.logPath().toString(), h.get(id).record().logPath);
    }

    @Test
    void userIsResolvedAgainstTheImage() throws Exception {
        String id = h.create("{\"Image\":\"busybox\",\"User\":\"app\",\"HostConfig\":{\"NetworkMode\":\"none\","
                + "\"GroupAdd\":[\"nogroup\"]}}");
        h.engine.start(h.get(id));
        var p = h.driver.procs.get(id).spec.process();
        assertEquals(1000, p.uid());
        assertEquals(1000, p.gid());
        assertEquals(List.of(10L, 65534L), p.additionalGids());
        String bad = h.create("{\"Image\":\"busybox\",\"User\":\"ghost\",\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        EngineException e = assertThrows(EngineException.class, () -> h.engine.start(h.get(bad)));
        assertEquals("unable to find user ghost: no matching entries in passwd file", e.getMessage());
        assertFalse(h.get(bad).isRunning());
    }

    @Test
    void startFailureRecordsExitCodeAndError() {
        String id = create("");
        h.driver.failStartWith = "exec: \"nope\": executable file not found in $PATH";
        EngineException e = assertThrows(EngineException.class, () -> h.engine.start(h.get(id)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(127, h.get(id).state().exitCode);
        assertTrue(h.get(id).state().error.contains("executable file not found"));
    }

    @Test
    void stopSendsStopSignalThenKillsAfterTimeout() throws Exception {
        String id = create("");
        Container c = h.get(id);
        h.engine.start(c);
        h.driver.ignoreSigterm = true;
        long t0 = System.nanoTime();
        h.engine.stop(c, 1, null);
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(900), "waited for the timeout");
        assertFalse(c.isRunning());
        assertEquals(137, c.state().exitCode);
        // The SIGKILL's "kill" and the exit's "die" race (the exit is reported by another thread), as in dockerd.
        List<String> actions = h.actions(id);
        assertEquals(List.of("create", "start", "kill"), actions.subList(0, 3));
        assertEquals(List.of("die", "kill"), actions.subList(3, 5).stream().sorted().toList());
        assertEquals("stop", actions.get(5));
        EngineException e = assertThrows(EngineException.class, () -> h.engine.stop(c, 1, null));
        assertEquals(ErrorKind.NOT_MODIFIED, e.kind());
    }

    @Test
    void killNeedsARunningContainer() throws Exception {
        String id = create("");
        Container c = h.get(id);
        EngineException e = assertThrows(EngineException.class, () -> h.engine.kill(c, "KILL"));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        h.engine.start(c);
        assertThrows(EngineException.class, () -> h.engine.kill(c, "SIGBOGUS"));
        h.engine.kill(c, "USR1");
        assertTrue(c.isRunning());
        assertEquals(List.of(10), h.driver.procs.get(id).signals);
        h.engine.kill(c, null);
        assertFalse(c.isRunning());
    }

    @Test
    void pauseAndUnpauseStateMachine() throws Exception {
        String id = create("");
        Container c = h.get(id);
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class, () -> h.engine.pause(c)).kind());
        h.engine.start(c);
        h.engine.pause(c);
        assertEquals("paused", c.state().status());
        assertThrows(EngineException.class, () -> h.engine.pause(c));
        assertThrows(EngineException.class, () -> h.engine.start(c));
        EngineException rm = assertThrows(EngineException.class, () -> h.engine.remove(c, false));
        assertTrue(rm.getMessage().startsWith("You cannot remove a paused container"));
        h.engine.unpause(c);
        assertEquals("running", c.state().status());
        assertThrows(EngineException.class, () -> h.engine.unpause(c));
    }

    @Test
    void removeRefusesRunningUnlessForced() throws Exception {
        String id = create("");
        Container c = h.get(id);
        h.engine.start(c);
        EngineException e = assertThrows(EngineException.class, () -> h.engine.remove(c, false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("You cannot remove a running container " + id + ". Stop the container before attempting "
                + "removal or force remove", e.getMessage());
        CompletableFuture<Integer> removed = c.waitFor(WaitCondition.REMOVED);
        h.engine.remove(c, true);
        assertEquals(137, removed.get(5, TimeUnit.SECONDS));
        assertTrue(h.index.find(id) == null);
        assertFalse(Files.exists(tmp.resolve("containers").resolve(id)));
        assertTrue(h.actions(id).contains("destroy"));
    }

    @Test
    void restartPolicyOnFailureWithBackoffAndMaximum() throws Exception {
        String id = create(",\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}");
        Container c = h.get(id);
        h.engine.start(c);
        long t0 = System.nanoTime();
        h.driver.procs.get(id).exit(1);
        eventually(() -> c.record().restartCount() == 1 && h.driver.procs.containsKey(id)
                && h.driver.procs.get(id).pid != 0 && c.isRunning() && !c.isRestarting());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90), "first back-off is 100 ms");
        long t1 = System.nanoTime();
        h.driver.procs.get(id).exit(1);
        eventually(() -> c.record().restartCount() == 2 && h.driver.procs.containsKey(id) && !c.isRestarting());
        assertTrue(System.nanoTime() - t1 >= TimeUnit.MILLISECONDS.toNanos(190), "second back-off is 200 ms");
        h.driver.procs.get(id).exit(1);
        eventually(() -> !c.isRunning());
        assertEquals(2, c.record().restartCount());
        assertEquals("exited", c.state().status());
    }

    @Test
    void onFailureDoesNotRestartCleanExits() throws Exception {
        String id = create(",\"RestartPolicy\":{\"Name\":\"on-failure\"}");
        Container c = h.get(id);
        h.engine.start(c);
        h.driver.procs.get(id).exit(0);
        eventually(() -> !c.isRunning());
        Thread.sleep(200);
        assertFalse(c.isRunning());
        assertEquals(0, c.record().restartCount());
    }

    @Test
    void alwaysRestartsButNotAfterStop() throws Exception {
        String id = create(",\"RestartPolicy\":{\"Name\":\"always\"}");
        Container c = h.get(id);
        h.engine.start(c);
        h.driver.procs.get(id).exit(0);
        eventually(() -> c.record().restartCount() == 1 && c.isRunning() && !c.isRestarting());
        h.engine.stop(c, 5, null);
        Thread.sleep(300);
        assertFalse(c.isRunning());
        assertEquals(143, c.state().exitCode);
    }

    @Test
    void autoRemoveRemovesAfterExit() throws Exception {
        String id = create(",\"AutoRemove\":true");
        Container c = h.get(id);
        CompletableFuture<Integer> removed = c.waitFor(WaitCondition.REMOVED);
        h.engine.start(c);
        h.driver.procs.get(id).exit(3);
        assertEquals(3, removed.get(5, TimeUnit.SECONDS));
        assertTrue(h.index.find(id) == null);
    }

    @Test
    void waitConditions() throws Exception {
        String id = create("");
        Container c = h.get(id);
        assertTrue(c.waitFor(WaitCondition.NOT_RUNNING).isDone(), "a created container is not running");
        assertFalse(c.waitFor(WaitCondition.NEXT_EXIT).isDone());
        assertThrows(EngineException.class, () -> WaitCondition.parse("whenever"));
    }

    @Test
    void restartStopsAndStarts() throws Exception {
        String id = create("");
        Container c = h.get(id);
        h.engine.start(c);
        long firstPid = c.state().pid;
        h.engine.restart(c, 1, null);
        assertTrue(c.isRunning());
        assertTrue(c.state().pid != firstPid);
        assertTrue(h.actions(id).containsAll(List.of("stop", "start", "restart")));
    }

    @Test
    void renameChecksNames() {
        String a = h.create("one", "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        h.create("two", "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\"}}");
        assertEquals(ErrorKind.CONFLICT, assertThrows(EngineException.class,
                () -> h.engine.rename(h.get(a), "two")).kind());
        h.engine.rename(h.get(a), "three");
        assertEquals(a, h.get("three").id());
        assertTrue(h.index.find("one") == null);
    }

    @Test
    void updateAppliesResourcesToARunningContainer() throws Exception {
        String id = create("");
        Container c = h.get(id);
        h.engine.start(c);
        var changes = new io.wharf.containers.model.HostConfig();
        changes.memory = 64L * 1024 * 1024;
        h.engine.update(c, changes, java.util.Set.of("Memory"));
        assertEquals(64L * 1024 * 1024, c.hostConfig().memory);
        assertTrue(h.driver.calls.contains("update " + id));
        changes.memory = 1;
        assertThrows(EngineException.class, () -> h.engine.update(c, changes, java.util.Set.of("Memory")));
    }

    @Test
    void runningContainersAreAdoptedAfterADaemonRestart() throws Exception {
        String running = create("");
        String stopped = create("");
        h.engine.start(h.get(running));
        h.engine.start(h.get(stopped));
        h.engine.close();
        h.driver.procs.get(stopped).state = io.wharf.api.runtime.ContainerStatus.State.STOPPED;
        h.driver.procs.get(stopped).exit.complete(new io.wharf.api.runtime.ExitStatus(7, false,
                java.time.Instant.now()));
        try (Harness again = new Harness(tmp, h.driver, h.images)) {
            Container r = again.get(running);
            assertTrue(r.isRunning());
            Container s = again.get(stopped);
            assertFalse(s.isRunning());
            assertEquals(7, s.state().exitCode);
            h.driver.procs.get(running).exit(5);
            eventually(() -> !r.isRunning());
            assertEquals(5, r.state().exitCode);
        }
    }

    @Test
    void aStartRightAfterAnExitWaitsForTheExitsCleanUp() throws Exception {
        String id = create("");
        Container c = h.get(id);
        h.engine.start(c);
        FakeDriver.Gate gate = h.driver.gateNextDelete();
        new Thread(() -> h.driver.procs.get(id).exit(3)).start();
        assertTrue(gate.entered().await(5, TimeUnit.SECONDS), "the exit's clean-up deletes the driver state");
        assertFalse(c.isRunning(), "the exit is recorded before its clean-up");
        CompletableFuture<Void> start = CompletableFuture.runAsync(() -> h.engine.start(c));
        Thread.sleep(200);
        assertFalse(start.isDone(), "the start waits for the clean-up");
        gate.release().countDown();
        start.get(5, TimeUnit.SECONDS);
        assertTrue(c.isRunning());
        FakeDriver.Proc second = h.driver.procs.get(id);
        assertTrue(second != null && second.state == io.wharf.api.runtime.ContainerStatus.State.RUNNING,
                "the first run's clean-up left the second run alone");
        assertEquals(1, h.images.mounts.get(id), "the second run's rootfs stays mounted");
        assertEquals(List.of("create", "start", "die", "start"), h.actions(id));
    }

    @Test
    void aContainerWhoseHostConfigIsLostDoesNotStartButCanBeRemoved() throws Exception {
        String missing = create("");
        String garbled = create("");
        h.engine.close();
        Files.delete(h.store.dirOf(missing).resolve("hostconfig.json"));
        Files.writeString(h.store.dirOf(garbled).resolve("hostconfig.json"), "{\"Privileged\":");
        try (Harness again = new Harness(tmp, h.driver, h.images)) {
            for (String id : List.of(missing, garbled)) {
                Container c = again.get(id);
                EngineException e = assertThrows(EngineException.class, () -> again.engine.start(c));
                assertEquals(ErrorKind.CONFLICT, e.kind());
                assertTrue(e.getMessage().contains("hostconfig.json"), e.getMessage());
                assertFalse(h.driver.procs.containsKey(id), "nothing was created in the driver");
                again.engine.remove(c, false);
                assertTrue(c.isRemoved());
                assertFalse(Files.exists(again.store.dirOf(id)));
            }
        }
    }

    @Test
    void aStoredHostConfigWithoutMaskedPathsStillGetsTheDefaultOnes() throws Exception {
        String id = create("");
        h.engine.close();
        Path file = h.store.dirOf(id).resolve("hostconfig.json");
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) io.wharf.support.Json.MAPPER
                .readTree(file.toFile());
        json.remove(List.of("MaskedPaths", "ReadonlyPaths"));
        Files.writeString(file, json.toString());
        try (Harness again = new Harness(tmp, h.driver, h.images)) {
            again.engine.start(again.get(id));
            var security = h.driver.procs.get(id).spec.security();
            assertEquals(io.wharf.containers.create.HostConfigValidator.DEFAULT_MASKED_PATHS, security.maskedPaths());
            assertEquals(io.wharf.containers.create.HostConfigValidator.DEFAULT_READONLY_PATHS,
                    security.readonlyPaths());
        }
    }

    @Test
    void aRemovalCutShortByACrashIsFinishedAtTheNextStart() throws Exception {
        String id = create("");
        Container c = h.get(id);
        h.engine.close();
        synchronized (c) {
            c.changeState(io.wharf.containers.model.StateRecord::removalStarted); // what remove persists first
            h.store.save(c);
        }
        try (Harness again = new Harness(tmp, h.driver, h.images)) {
            assertThrows(EngineException.class, () -> again.get(id));
            assertFalse(Files.exists(again.store.dirOf(id)));
            assertEquals(List.of("destroy"), again.actions(id));
        }
    }

    @Test
    void imageUsageListsContainers() {
        String id = create("");
        var usage = new io.wharf.containers.lifecycle.ContainerServiceImpl(h.engine, h.images.layers(), h.creator);
        var image = h.images.byName.get("busybox").id();
        assertEquals(List.of(id.substring(0, 12)), usage.containersUsing(image, false));
        assertEquals(List.of(), usage.containersUsing(image, true));
        assertEquals("busybox", usage.get(id).image());
    }

    @Test
    void theContainerServiceRunsAContainerForAnotherBundleAsDockerRunDoes() throws Exception {
        var service = new io.wharf.containers.lifecycle.ContainerServiceImpl(h.engine, h.images.layers(), h.creator);
        String id = service.create(null, ("{\"Image\":\"busybox\",\"Cmd\":[\"/bin/sh\",\"-c\",\"exit 3\"],"
                + "\"HostConfig\":{\"NetworkMode\":\"none\"}}").getBytes(StandardCharsets.UTF_8));
        var output = service.attachOutput(id).toCompletableFuture();
        assertFalse(output.isDone(), "connects at the start");
        service.start(id);
        var connection = output.get(5, TimeUnit.SECONDS);
        h.driver.procs.get(id).output(io.wharf.api.runtime.StreamType.STDOUT, "building\n");
        h.driver.procs.get(id).exit(3);
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        connection.pumpOutput((stream, buffer, offset, length) -> seen.write(buffer, offset, length));
        assertEquals("building\n", seen.toString(StandardCharsets.UTF_8));
        assertEquals(3, service.awaitStop(id).toCompletableFuture().get(5, TimeUnit.SECONDS));
        service.remove(id, false);
        assertThrows(EngineException.class, () -> h.get(id));
        assertThrows(EngineException.class, () -> service.create(null, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void removingAContainerWithAnAttachWaitingForItsStartFailsTheAttach() throws Exception {
        String id = create("");
        var service = new io.wharf.containers.lifecycle.ContainerServiceImpl(h.engine, h.images.layers(), h.creator);
        var first = service.attachOutput(id).toCompletableFuture();
        var second = service.attachOutput(id).toCompletableFuture();
        service.remove(id, false);
        assertTrue(first.isCompletedExceptionally());
        assertTrue(second.isCompletedExceptionally());
        assertThrows(EngineException.class, () -> h.get(id));
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
