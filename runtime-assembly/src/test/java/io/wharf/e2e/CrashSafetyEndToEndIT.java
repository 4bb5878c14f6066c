package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * wharfd killed with SIGKILL in the middle of load, pull, commit, a burst of run -d and rm, then started again:
 * what was stored before is all there, nothing half-made shows, every container can still be started or removed,
 * and a running container's rootfs stays mounted once however often the daemon crashes; a container whose host
 * config is gone refuses to start, and an image over a layer with torn metadata fails instead of vanishing with the
 * layers below it. Each kill waits for a sign that the operation is under way (a layer being written, containers
 * appearing or going), so the kill lands inside it; the checks hold wherever it lands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyEndToEndIT {
    private static final String VOLUME_CONTENT = "kept across crashes";

    @TempDir
    static Path work;
    private LocalRegistry registry;
    private Wharfd wharfd;
    private Docker docker;
    /** Images and containers made before any crash: they must survive every one. */
    private final List<String> keptImages = new ArrayList<>(List.of("busybox", "fat:1"));
    private final List<String> keptContainers = new ArrayList<>(List.of("keeper", "sleeper"));

    @BeforeAll
    void startDaemonWithSomethingToLose() throws Exception {
        registry = LocalRegistry.start(work.resolve("registry"), null, null);
        wharfd = new Wharfd("crash").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox").ok();
        // an image with two 4 MiB layers of its own: writing them takes long enough to be caught in the middle
        docker.run("run", "--name", "fatten", "--network", "none", "busybox", "sh", "-c",
                "head -c 4194304 /dev/urandom > /a").ok();
        docker.run("commit", "fatten", "fat:0").ok();
        docker.run("rm", "fatten").ok();
        docker.run("run", "--name", "fatten", "--network", "none", "fat:0", "sh", "-c",
                "head -c 4194304 /dev/urandom > /b").ok();
        docker.run("commit", "fatten", "fat:1").ok();
        docker.run("rm", "fatten").ok();
        docker.run("rmi", "fat:0").ok();
        docker.run("volume", "create", "precious").ok();
        docker.run("run", "--rm", "--network", "none", "-v", "precious:/v", "busybox", "sh", "-c",
                "echo '" + VOLUME_CONTENT + "' > /v/data").ok();
        docker.run("run", "-d", "--name", "keeper", "--network", "none", "-v", "precious:/v", "busybox",
                "sleep", "1000").ok();
        docker.run("create", "--name", "sleeper", "--network", "none", "busybox", "sleep", "1000").ok();
    }

    @AfterAll
    void stop() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void killDuringLoad() throws Exception {
        Path tar = work.resolve("fat.tar");
        docker.run("save", "-o", tar.toString(), "fat:1").ok();
        docker.run("rmi", "fat:1").ok(); // its layers go too: the load must write them again
        keptImages.remove("fat:1");
        crashDuring(() -> docker.run("load", "-i", tar.toString()), this::layerBeingWritten);
        checkNothingLostNothingHalfMade();
        docker.run("load", "-i", tar.toString()).ok();
        keptImages.add("fat:1");
        checkNothingLostNothingHalfMade();
    }

    @Test
    @Order(2)
    void killDuringPull() throws Exception {
        String ref = registry.host() + "/crash/fat:1";
        docker.run("tag", "fat:1", ref).ok();
        docker.run("push", ref).ok();
        docker.run("rmi", ref, "fat:1").ok();
        keptImages.remove("fat:1");
        crashDuring(() -> docker.run("pull", ref), this::layerBeingWritten);
        checkNothingLostNothingHalfMade();
        docker.run("pull", ref).ok();
        docker.run("tag", ref, "fat:1").ok();
        keptImages.add("fat:1");
        checkNothingLostNothingHalfMade();
    }

    @Test
    @Order(3)
    void killDuringCommit() throws Exception {
        docker.run("run", "--name", "writer", "--network", "none", "busybox", "sh", "-c",
                "head -c 8388608 /dev/urandom > /c").ok();
        keptContainers.add("writer");
        crashDuring(() -> docker.run("commit", "writer", "committed:1"), this::layerBeingWritten);
        checkNothingLostNothingHalfMade();
        docker.run("commit", "writer", "committed:1").ok();
        assertEquals("8388608", docker.run("run", "--rm", "--network", "none", "committed:1", "sh", "-c",
                "wc -c < /c").ok().out().strip());
    }

    @Test
    @Order(4)
    void killDuringABurstOfRunDetached() throws Exception {
        int before = containerDirs();
        crashDuring(() -> {
            List<CompletableFuture<Docker.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> quietly("run", "-d", "--network", "none",
                        "busybox", "sleep", "1000")));
            }
            runs.forEach(CompletableFuture::join);
            return null;
        }, () -> containerDirs() >= before + 3);
        checkNothingLostNothingHalfMade();
        for (String id : docker.run("ps", "-aq", "--no-trunc").ok().lines()) {
            String name = docker.run("inspect", "-f", "{{.Name}}", id).ok().out().strip().substring(1);
            if (keptContainers.contains(name)) {
                continue;
            }
            if (docker.run("inspect", "-f", "{{.State.Running}}", id).ok().out().strip().equals("false")) {
                docker.run("start", id).ok(); // created or left stopped by the crash: it still starts
            }
            docker.run("rm", "-f", id).ok();
        }
    }

    @Test
    @Order(5)
    void killDuringRemoval() throws Exception {
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            doomed.add(docker.run("run", "-d", "--network", "none", "busybox", "sleep", "1000").ok().out().strip());
        }
        int before = containerDirs();
        crashDuring(() -> {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(doomed);
            return docker.run(rm.toArray(String[]::new));
        }, () -> removalUnderWay() || containerDirs() < before);
        checkNothingLostNothingHalfMade();
        for (String id : doomed) {
            Docker.Result gone = docker.run("rm", "-f", id);
            assertTrue(gone.exitCode() == 0 || gone.err().contains("No such container"), gone.err());
        }
        assertEquals(before - doomed.size(), containerDirs());
    }

    @Test
    @Order(6)
    void repeatedCrashesNeverStackMounts() throws Exception {
        for (int crash = 1; crash <= 3; crash++) {
            wharfd.kill9();
            wharfd.start();
            assertEquals(1, mountsOf(id("keeper")), "keeper's rootfs mounts after crash " + crash);
        }
        checkNothingLostNothingHalfMade();
        docker.run("stop", "-t", "1", "keeper").ok();
        docker.run("start", "keeper").ok();
        assertEquals(1, mountsOf(id("keeper")));
        docker.run("rm", "-f", "keeper", "sleeper", "writer").ok();
        assertEquals(List.of(), mergedMounts(), "mounts left after removing every container");
    }

    @Test
    @Order(7)
    void damagedMetadataFailsClosed() throws Exception {
        docker.run("create", "--name", "unconfined", "--network", "none", "busybox", "true").ok();
        Path hostConfig = wharfd.dataRoot.resolve("containers").resolve(id("unconfined")).resolve("hostconfig.json");
        List<String> diffIds = docker.run("inspect", "-f", "{{range .RootFS.Layers}}{{println .}}{{end}}", "fat:1")
                .ok().lines();
        Path topLayer = wharfd.dataRoot.resolve("image/overlay2/layerdb/sha256").resolve(chainIdHex(diffIds));
        wharfd.kill9();
        Files.delete(hostConfig);
        Files.writeString(topLayer.resolve("layer.json"), "{\"diff_id\":"); // a torn write
        wharfd.start();

        Docker.Result start = docker.run("start", "unconfined");
        assertTrue(start.exitCode() != 0 && start.err().contains("hostconfig.json"), start.err());
        docker.run("rm", "unconfined").ok();

        Docker.Result run = docker.run("run", "--rm", "--network", "none", "fat:1", "true");
        assertTrue(run.exitCode() != 0 && run.err().contains("quarantined"), run.err());
        Path layerDb = wharfd.dataRoot.resolve("image/overlay2/layerdb");
        assertTrue(Files.isDirectory(layerDb.resolve("sha256").resolve(chainIdHex(diffIds.subList(0, 2)))),
                "the layer below the quarantined one, which only it used, is kept");
        assertTrue(Files.isDirectory(layerDb.resolve("quarantine")));
        assertTrue(docker.run("images", "--format", "{{.Repository}}:{{.Tag}}").ok().lines().contains("fat:1"),
                "the image over it is still listed");
    }

    private static String chainIdHex(List<String> diffIds) throws Exception {
        String chain = diffIds.get(0);
        for (String diffId : diffIds.subList(1, diffIds.size())) {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((chain + " " + diffId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            chain = "sha256:" + java.util.HexFormat.of().formatHex(hash);
        }
        return chain.substring("sha256:".length());
    }

    // ------------------------------------------------------------------ crashing

    private interface Operation {
        Object run() throws Exception;
    }

    /** Runs the operation, kills wharfd with SIGKILL as soon as {@code underWay} holds, and starts it again. */
    private void crashDuring(Operation operation, BooleanSupplier underWay) throws Exception {
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return operation.run();
            } catch (Exception e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!underWay.getAsBoolean() && !running.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        if (!underWay.getAsBoolean()) {
            System.err.println("crash test: the operation ended before it was seen under way; killing after it");
        }
        wharfd.kill9();
        running.get(60, TimeUnit.SECONDS);
        wharfd.start();
    }

    private Docker.Result quietly(String... args) {
        try {
            return docker.run(args);
        } catch (IOException | InterruptedException e) {
            return new Docker.Result(-1, "", e.toString());
        }
    }

    /** The storage driver or the layer store is writing a layer (their staging folders are not empty). */
    private boolean layerBeingWritten() {
        return notEmpty(wharfd.dataRoot.resolve("overlay2/tmp"))
                || notEmpty(wharfd.dataRoot.resolve("image/overlay2/layerdb/tmp"));
    }

    private static boolean notEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** A container's record says its removal has begun (and its folder is still there). */
    private boolean removalUnderWay() {
        try (Stream<Path> dirs = Files.list(wharfd.dataRoot.resolve("containers"))) {
            return dirs.anyMatch(dir -> {
                try {
                    return Files.readString(dir.resolve("config.v2.json")).matches(
                            "(?s).*\"RemovalInProgress\"\\s*:\\s*true.*");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private int containerDirs() {
        try (Stream<Path> dirs = Files.list(wharfd.dataRoot.resolve("containers"))) {
            return (int) dirs.filter(Files::isDirectory).count(); // not the area's format-version
        } catch (IOException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ checks

    private void checkNothingLostNothingHalfMade() throws Exception {
        for (String image : keptImages) {
            docker.run("image", "inspect", image).ok();
        }
        Path saved = work.resolve("check.tar");
        for (String id : docker.run("images", "-aq", "--no-trunc").ok().lines()) {
            // every listed image has every layer it names: save reads them all
            docker.run("save", "-o", saved.toString(), id).ok();
            Files.delete(saved);
        }
        for (String name : keptContainers) {
            docker.run("inspect", name).ok();
        }
        for (String id : docker.run("ps", "-aq", "--no-trunc").ok().lines()) {
            docker.run("inspect", id).ok();
        }
        assertEquals("true", docker.run("inspect", "-f", "{{.State.Running}}", "keeper").ok().out().strip());
        assertEquals(VOLUME_CONTENT, docker.run("exec", "keeper", "cat", "/v/data").ok().out().strip());
        docker.run("volume", "inspect", "precious").ok();
        List<String> running = docker.run("ps", "-q", "--no-trunc").ok().lines();
        for (String id : running) {
            assertEquals(1, mountsOf(id), "rootfs mounts of running container " + id);
        }
        assertEquals(running.size(), mergedMounts().size(), "rootfs mounts: " + mergedMounts());
        docker.run("start", "sleeper").ok();
        docker.run("stop", "-t", "0", "sleeper").ok();
    }

    private String id(String name) throws Exception {
        return docker.run("inspect", "-f", "{{.Id}}", name).ok().out().strip();
    }

    /** The overlay mounts on containers' merged directories under this daemon's data root. */
    private List<String> mergedMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(line -> line.split(" ")[4])
                .filter(mountPoint -> mountPoint.startsWith(wharfd.dataRoot.toString())
                        && mountPoint.endsWith("/merged"))
                .toList();
    }

    private long mountsOf(String containerId) throws IOException {
        return mergedMounts().stream().filter(m -> m.endsWith("/" + containerId + "/merged")).count();
    }
}
