package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images move between Wharf and a real dockerd (Debian's docker.io, when installed) with identical IDs, both
 * ways. dockerd runs on private paths with no iptables rules and no bridge, and is stopped afterwards.
 */
class DockerdInteropIT {
    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Process dockerd;
    static Docker docker;
    static Path dockerdDir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dockerd")) || Files.isExecutable(Path.of("/usr/bin/dockerd")),
                "dockerd is not installed");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "wharf-dockerd-");
        dockerdDir = dir;
        Path socket = dir.resolve("docker.sock");
        dockerd = new ProcessBuilder("dockerd", "-H", "unix://" + socket, "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString(),
                "--iptables=false", "--ip6tables=false", "--bridge=none")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        docker = new Docker(socket, dir.resolve("docker-config"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (docker.run("version").exitCode() != 0) {
            if (!dockerd.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("dockerd did not start:\n" + Files.readString(dir.resolve("dockerd.log")));
            }
            Thread.sleep(200);
        }
        wharfd = new Wharfd("interop").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
        if (dockerd != null) {
            dockerd.destroy();
            dockerd.waitFor(30, TimeUnit.SECONDS);
            new ProcessBuilder("rm", "-rf", dockerdDir.toString()).start().waitFor();
        }
    }

    @Test
    void imagesMoveBothWaysWithTheSameIds() throws Exception {
        Docker wharf = wharfd.docker();
        String busybox = wharf.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                "busybox:latest").ok().out().strip();

        Path fromWharf = work.resolve("from-wharf.tar");
        wharf.run("save", "-o", fromWharf.toString(), "busybox").ok();
        docker.run("load", "-i", fromWharf.toString()).ok();
        assertEquals(busybox, docker.run("inspect", "-f", "{{.Id}}", "busybox").ok().out().strip());

        // A multi-layer image with a deletion (whiteout), built by dockerd's own builder.
        Path context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), String.join("\n", List.of("FROM busybox",
                "RUN echo one > /one && mkdir -p /d && echo x > /d/gone", "RUN rm /d/gone && echo two > /two",
                "ENV K=v", "CMD [\"cat\", \"/one\"]", "")));
        docker.run("build", "-q", "-t", "multi:1", context.toString()).ok();
        String multi = docker.run("inspect", "-f", "{{.Id}}", "multi:1").ok().out().strip();
        Path fromDocker = work.resolve("from-docker.tar");
        docker.run("save", "-o", fromDocker.toString(), "multi:1").ok();
        wharf.run("load", "-i", fromDocker.toString()).ok();
        assertEquals(multi, wharf.run("inspect", "-f", "{{.Id}}", "multi:1").ok().out().strip());

        Path backAgain = work.resolve("back-again.tar");
        wharf.run("save", "-o", backAgain.toString(), "multi:1").ok();
        docker.run("rmi", "multi:1").ok();
        docker.run("load", "-i", backAgain.toString()).ok();
        assertEquals(multi, docker.run("inspect", "-f", "{{.Id}}", "multi:1").ok().out().strip());
        assertEquals("one", docker.run("run", "--rm", "--network", "none", "multi:1").ok().out().strip());
    }
}
