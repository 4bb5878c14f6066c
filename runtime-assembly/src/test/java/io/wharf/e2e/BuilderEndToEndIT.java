package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** docker build through the real CLI (classic builder API): steps, history, the cache, a failing step. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuilderEndToEndIT {
    private static final String DOCKERFILE = """
            FROM busybox
            ARG GREETING=hi
            ENV APP=/app
            WORKDIR /app
            COPY a.txt dir/ ./
            RUN echo "$GREETING" > greeting && cat a.txt
            LABEL org.test=yes
            USER nobody
            CMD ["cat", "/app/greeting"]
            """;

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static Path context;
    static String builtId;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("builder").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(context.resolve("a.txt"), "contents of a\n");
        Files.createDirectories(context.resolve("dir"));
        Files.writeString(context.resolve("dir/b.txt"), "b\n");
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    @Order(1)
    void aDockerfileBuildsWithDockersOutput() throws Exception {
        Docker.Result r = docker.run("build", "-t", "built:1", context.toString()).ok();
        String out = r.out();
        assertTrue(out.contains("Step 1/9 : FROM busybox"), out);
        assertTrue(out.contains("Step 6/9 : RUN echo \"$GREETING\" > greeting && cat a.txt"), out);
        assertTrue(out.contains("contents of a"), out);
        assertTrue(out.contains("Removing intermediate container"), out);
        assertTrue(out.contains("Successfully tagged built:1"), out);
        builtId = docker.run("inspect", "--format", "{{.Id}}", "built:1").ok().out().strip();
        assertTrue(out.contains("Successfully built " + builtId.substring(7, 19)), out);
    }

    @Test
    @Order(2)
    void theImageHasTheConfigAndHistoryTheClassicBuilderRecords() throws Exception {
        String config = docker.run("inspect", "--format",
                "{{json .Config.Env}}|{{.Config.WorkingDir}}|{{.Config.User}}|{{json .Config.Labels}}|"
                        + "{{json .Config.Cmd}}", "built:1").ok().out().strip();
        assertTrue(config.contains("\"APP=/app\""), config);
        assertFalse(config.contains("GREETING"), config); // build args stay out of the image
        assertTrue(config.endsWith("|/app|nobody|{\"org.test\":\"yes\"}|[\"cat\",\"/app/greeting\"]"), config);
        List<String> history = docker.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", "built:1").ok()
                .lines();
        assertEquals("/bin/sh -c #(nop)  CMD [\"cat\" \"/app/greeting\"]", history.get(0));
        assertEquals("/bin/sh -c #(nop)  USER nobody", history.get(1));
        assertEquals("/bin/sh -c #(nop)  LABEL org.test=yes", history.get(2));
        assertEquals("|1 GREETING=hi /bin/sh -c echo \"$GREETING\" > greeting && cat a.txt", history.get(3));
        assertTrue(history.get(4).matches("/bin/sh -c #\\(nop\\) COPY multi:[0-9a-f]{64} in \\./ "), history.get(4));
        assertEquals("/bin/sh -c #(nop) WORKDIR /app", history.get(5));
        assertEquals("/bin/sh -c #(nop)  ENV APP=/app", history.get(6));
        assertEquals("/bin/sh -c #(nop)  ARG GREETING=hi", history.get(7));
    }

    @Test
    @Order(3)
    void theBuiltImageRuns() throws Exception {
        assertEquals("hi", docker.run("run", "--rm", "built:1").ok().out().strip());
        assertEquals(List.of("a.txt", "b.txt", "greeting"), docker.run("run", "--rm", "built:1", "ls", "/app").ok()
                .lines());
    }

    @Test
    @Order(4)
    void anUnchangedRebuildHitsTheCacheEvenAfterARestart() throws Exception {
        wharfd.stop();
        wharfd.start();
        Docker.Result r = docker.run("build", "-t", "built:2", context.toString()).ok();
        assertEquals(8, r.out().split(" ---> Using cache", -1).length - 1, r.out());
        assertEquals(builtId, docker.run("inspect", "--format", "{{.Id}}", "built:2").ok().out().strip());
    }

    @Test
    @Order(5)
    void aChangedSourceRebuildsFromItsCopyStep() throws Exception {
        Files.writeString(context.resolve("dir/b.txt"), "changed\n");
        Docker.Result r = docker.run("build", "--build-arg", "GREETING=hello", "-t", "built:3", context.toString())
                .ok();
        assertEquals(3, r.out().split(" ---> Using cache", -1).length - 1, r.out()); // ARG, ENV and WORKDIR; COPY changed
        assertEquals("hello", docker.run("run", "--rm", "built:3").ok().out().strip());
        assertEquals("changed", docker.run("run", "--rm", "built:3", "cat", "/app/b.txt").ok().out().strip());
    }

    @Test
    @Order(6)
    void aFailingStepStopsTheBuildWithDockersMessageAndExitCode() throws Exception {
        Path failing = Files.createDirectories(work.resolve("failing"));
        Files.writeString(failing.resolve("Dockerfile"), "FROM busybox\nRUN exit 3\n");
        Docker.Result r = docker.run("build", failing.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("The command '/bin/sh -c exit 3' returned a non-zero code: 3"), r.err());
    }

    @Test
    @Order(7)
    void aBareDockerfileOnStdinBuilds() throws Exception {
        Path dockerfile = work.resolve("stdin.Dockerfile");
        Files.writeString(dockerfile, "FROM busybox\nRUN echo from-stdin > /f\nCMD [\"cat\", \"/f\"]\n");
        Docker.Result r = docker.runWithInput(dockerfile, "build", "-q", "-t", "stdin:1", "-").ok();
        assertTrue(r.out().strip().matches("sha256:[0-9a-f]{64}"), r.out());
        assertEquals("from-stdin", docker.run("run", "--rm", "stdin:1").ok().out().strip());
    }

    @Test
    @Order(8)
    void dockerignoreExcludesFilesAndMultiStageTargetsSkipUnusedStages() throws Exception {
        Path multi = Files.createDirectories(work.resolve("multi"));
        Files.writeString(multi.resolve(".dockerignore"), "secret.txt\n*.log\n");
        Files.writeString(multi.resolve("secret.txt"), "secret");
        Files.writeString(multi.resolve("debug.log"), "log");
        Files.writeString(multi.resolve("kept.txt"), "kept");
        Files.writeString(multi.resolve("Dockerfile"), """
                FROM busybox AS base
                RUN echo base > /base.txt
                FROM busybox AS unused
                RUN exit 9
                FROM base AS final
                COPY --from=base --chown=nobody:nobody /base.txt /copied/
                COPY . /ctx/
                RUN ls /ctx
                FROM busybox AS after
                RUN exit 8
                """);
        Docker.Result r = docker.run("build", "--target", "final", "-t", "multi:1", multi.toString()).ok();
        assertFalse(r.out().contains("exit 9"), r.out());
        assertFalse(r.out().contains("exit 8"), r.out());
        assertEquals(List.of(".dockerignore", "Dockerfile", "kept.txt"),
                docker.run("run", "--rm", "multi:1", "ls", "-A", "/ctx").ok().lines());
        assertEquals("65534:65534 base", docker.run("run", "--rm", "multi:1", "sh", "-c",
                "stat -c '%u:%g' /copied/base.txt | tr '\\n' ' '; cat /copied/base.txt").ok().out().strip());
    }

    @Test
    @Order(9)
    void builderPruneForgetsTheCache() throws Exception {
        // -a: without it the records of tagged images' steps stay (shared), as BuildKit keeps them
        String out = docker.run("builder", "prune", "-af").ok().out();
        assertTrue(out.contains("Total reclaimed space"), out);
        Docker.Result again = docker.run("build", "-t", "built:4", context.toString()).ok();
        assertFalse(again.out().contains("Using cache"), again.out());
    }

    @Test
    @Order(10)
    void addUnpacksALocalTarAndCopyKeepsIt() throws Exception {
        Path adding = Files.createDirectories(work.resolve("adding"));
        Path tar = adding.resolve("files.tar.gz");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(tar)))) {
            TestImages.file(out, "inner/hello.txt", "hello from tar");
        }
        Files.writeString(adding.resolve("Dockerfile"), """
                FROM busybox
                ADD files.tar.gz /unpacked/
                COPY files.tar.gz /kept/
                """);
        docker.run("build", "-t", "adding:1", adding.toString()).ok();
        assertEquals("hello from tar", docker.run("run", "--rm", "adding:1", "cat", "/unpacked/inner/hello.txt").ok()
                .out().strip());
        assertEquals("files.tar.gz", docker.run("run", "--rm", "adding:1", "ls", "/kept").ok().out().strip());
    }

    @Test
    @Order(11)
    void aCancelledBuildStopsItsStepAndLeavesNoContainer() throws Exception {
        Path slow = Files.createDirectories(work.resolve("slow"));
        Files.writeString(slow.resolve("Dockerfile"), "FROM busybox\nRUN echo started && sleep 60\n");
        List<String> before = docker.run("ps", "-aq").ok().lines(); // the failed step's container of order 6
        ProcessBuilder pb = new ProcessBuilder(Docker.binary(), "-H", "unix://" + wharfd.socket, "build",
                slow.toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("DOCKER_CONFIG", work.resolve("slow-config").toString());
        pb.redirectErrorStream(true);
        Process cli = pb.start();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(cli.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.contains("started")) {
            // the step's output shows it runs
        }
        cli.destroy(); // the client goes away mid-step
        cli.waitFor();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        List<String> left;
        do {
            Thread.sleep(200);
            left = docker.run("ps", "-aq").ok().lines();
        } while (!left.equals(before) && System.nanoTime() < deadline);
        assertEquals(before, left, "the cancelled step's container is still there");
    }

    @Test
    @Order(12)
    void independentStagesBuildAtOnceWithTheirOutputInStageOrder() throws Exception {
        Path parallel = Files.createDirectories(work.resolve("parallel"));
        Files.writeString(parallel.resolve("Dockerfile"), """
                FROM busybox AS left
                RUN sleep 2 && echo left-done > /left
                FROM busybox AS right
                RUN sleep 2 && echo right-done > /right
                FROM busybox
                COPY --from=left /left /left
                COPY --from=right /right /right
                CMD ["cat", "/left", "/right"]
                """);
        long start = System.nanoTime();
        Docker.Result r = docker.run("build", "--no-cache", "-t", "parallel:1", parallel.toString()).ok();
        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // one after another the two sleeps alone take 4 s
        assertTrue(millis < 3_800, "the independent stages did not overlap: " + millis + " ms\n" + r.out());
        String out = r.out();
        int step2 = out.indexOf("Step 2/8 : RUN sleep 2 && echo left-done");
        int step3 = out.indexOf("Step 3/8 : FROM busybox AS right");
        int step4 = out.indexOf("Step 4/8 : RUN sleep 2 && echo right-done");
        int step5 = out.indexOf("Step 5/8 : FROM busybox");
        assertTrue(0 < step2 && step2 < step3 && step3 < step4 && step4 < step5, out);
        assertEquals(List.of("left-done", "right-done"), docker.run("run", "--rm", "parallel:1").ok().lines());
    }

    @Test
    @Order(13)
    void hereDocumentsRunAsScriptsAndCopyAsFiles() throws Exception {
        Path heredocs = Files.createDirectories(work.resolve("heredocs"));
        Files.writeString(heredocs.resolve("Dockerfile"), """
                FROM busybox
                RUN <<EOF
                echo one > /lines
                echo "two's" >> /lines
                EOF
                RUN <<EOF
                #!/bin/sh
                echo "script $0" >> /lines
                EOF
                ENV WHO=wharf
                COPY <<EOF /greeting
                hello "$WHO"
                EOF
                COPY <<'EOF' /raw
                kept $WHO
                EOF
                CMD cat /lines /greeting /raw
                """);
        docker.run("build", "-t", "heredocs:1", heredocs.toString()).ok();
        assertEquals(List.of("one", "two's", "script /dev/pipes/EOF", "hello \"wharf\"", "kept $WHO"),
                docker.run("run", "--rm", "heredocs:1").ok().lines());
        assertEquals("[/bin/sh -c cat /lines /greeting /raw]",
                docker.run("inspect", "--format", "{{.Config.Cmd}}", "heredocs:1").ok().out().strip());
        // the script was bound on /dev (a tmpfs): neither it nor its mount point is in the image
        String container = docker.run("create", "heredocs:1").ok().out().strip();
        Path exported = work.resolve("heredocs.tar");
        docker.run("export", "-o", exported.toString(), container).ok();
        docker.run("rm", container).ok();
        List<String> names = new java.util.ArrayList<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                Files.newInputStream(exported))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertTrue(names.contains("greeting"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains("pipes")), names.toString());
    }
}
