package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wharfd killed with SIGKILL while a build's RUN step runs, then started again on the same data root: the step's
 * container (still running under its monitor when the daemon died) is gone with its mount, no image is half
 * made, the builder's scratch files are gone, and the next build takes the steps that finished before the crash
 * from the cache.
 */
class BuilderCrashEndToEndIT {
    private static final String DOCKERFILE = """
            FROM busybox
            RUN echo one > /one
            COPY a.txt /a.txt
            ARG PAUSE=120
            RUN echo started && sleep $PAUSE && echo finished > /finished
            CMD ["cat", "/a.txt"]
            """;

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;

    @BeforeAll
    static void start() throws Exception {
        wharfd = new Wharfd("bcrash").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    void aKillDuringARunStepLeavesNothingHalfMadeAndTheNextBuildResumesFromTheCache() throws Exception {
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(context.resolve("a.txt"), "survived\n");
        CompletableFuture<Docker.Result> build = CompletableFuture.supplyAsync(() -> {
            try {
                return docker.run("build", "-t", "crashy:1", context.toString());
            } catch (Exception e) {
                return new Docker.Result(-1, "", e.toString());
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stepRunning() && !build.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(stepRunning(), "the long RUN step never started: " + (build.isDone() ? build.join() : ""));
        assertEquals(1, mergedMounts().size(), "the step container's rootfs is mounted");
        wharfd.kill9();
        Docker.Result interrupted = build.get(60, TimeUnit.SECONDS);
        assertNotEquals(0, interrupted.exitCode(), interrupted.out());

        wharfd.start();
        // the builder starts after the API answers (start level 5) and clears what the killed build left then
        long cleared = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < cleared && !(docker.run("ps", "-aq").ok().lines().isEmpty()
                && mergedMounts().isEmpty() && entries(wharfd.dataRoot.resolve("builder/tmp")).isEmpty()
                && entries(wharfd.dataRoot.resolve("builder/steps")).isEmpty())) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), docker.run("ps", "-aq").ok().lines(), "step containers left after the restart");
        assertEquals(List.of(), mergedMounts(), "mounts left after the restart");
        assertEquals(List.of(), entries(wharfd.dataRoot.resolve("builder/tmp")), "unpacked contexts left");
        assertEquals(List.of(), entries(wharfd.dataRoot.resolve("builder/steps")), "step journal left");
        Docker.Result images = docker.run("images", "-aq", "--no-trunc").ok();
        Path saved = work.resolve("check.tar");
        for (String id : images.lines()) { // every image has every layer it names: save reads them all
            docker.run("save", "-o", saved.toString(), id).ok();
            Files.delete(saved);
        }
        assertTrue(docker.run("image", "inspect", "crashy:1").exitCode() != 0, "a half-built image got its tag");

        Docker.Result rebuilt = docker.run("build", "--build-arg", "PAUSE=0", "-t", "crashy:1", context.toString())
                .ok();
        String out = rebuilt.out();
        assertTrue(out.contains("Step 2/6 : RUN echo one > /one\n ---> Using cache"), out);
        assertTrue(out.contains("Step 3/6 : COPY a.txt /a.txt\n ---> Using cache"), out);
        assertTrue(out.contains("Successfully tagged crashy:1"), out);
        assertEquals("survived", docker.run("run", "--rm", "--network", "none", "crashy:1").ok().out().strip());
        assertEquals(List.of(), docker.run("ps", "-aq").ok().lines());
    }

    /** The long RUN step's container is running (its command is the sleep). */
    private static boolean stepRunning() {
        try {
            return docker.run("ps", "--no-trunc", "--format", "{{.Command}}").out().contains("sleep $PAUSE");
        } catch (Exception e) {
            return false;
        }
    }

    /** The overlay mounts on containers' merged directories under this daemon's data root. */
    private static List<String> mergedMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(line -> line.split(" ")[4])
                .filter(m -> m.startsWith(wharfd.dataRoot.toString()) && m.endsWith("/merged")).toList();
    }

    private static List<String> entries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
