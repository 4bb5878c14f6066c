package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    static TestDockerd dockerd;
    static Docker docker;
    static String busyboxId;

    @BeforeAll
    static void start() throws Exception {
        dockerd = TestDockerd.start("interop");
        docker = dockerd.docker();
        wharfd = new Wharfd("interop").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
        if (dockerd != null) {
            dockerd.close();
        }
    }

    /** The same busybox (same ID) in both engines, imported into Wharf and loaded into dockerd; once. */
    private static synchronized String busybox() throws Exception {
        if (busyboxId == null) {
            Docker wharf = wharfd.docker();
            busyboxId = wharf.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                    "busybox:latest").ok().out().strip();
            Path fromWharf = work.resolve("from-wharf.tar");
            wharf.run("save", "-o", fromWharf.toString(), "busybox").ok();
            docker.run("load", "-i", fromWharf.toString()).ok();
        }
        return busyboxId;
    }

    @Test
    void imagesMoveBothWaysWithTheSameIds() throws Exception {
        Docker wharf = wharfd.docker();
        String busybox = busybox();
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

    /**
     * One Dockerfile with every metadata instruction, built by dockerd's classic builder and by Wharf: the image
     * records agree field by field (config, author, history's created_by and empty_layer, the number of layers).
     */
    @Test
    void aDockerfileBuildsToTheConfigAndHistoryDockerdRecords() throws Exception {
        busybox();
        Path context = Files.createDirectories(work.resolve("compared"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox AS tools
                RUN echo built > /artifact
                FROM busybox
                MAINTAINER someone@example.com
                ARG VERSION=1.0
                ENV APP_HOME=/app PATH=/app/bin:$PATH
                ENV QUOTED="a b" OTHER=c
                ENV PLAIN c d
                LABEL org.example.version=$VERSION description="a test"
                WORKDIR $APP_HOME
                WORKDIR sub
                COPY a.txt ./
                COPY --from=tools /artifact /opt/artifact
                ADD b.tar /opt/
                RUN echo "$VERSION" > version.txt
                RUN ["/bin/sh", "-c", "echo exec form > exec.txt"]
                EXPOSE 8080/tcp 53/udp 9000
                VOLUME ["/data", "/logs"]
                VOLUME /cache
                USER nobody
                STOPSIGNAL SIGQUIT
                HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --retries=2 CMD wget -q -O - http://localhost:8080/ || exit 1
                SHELL ["/bin/sh", "-ec"]
                RUN echo "with the new shell"
                ONBUILD RUN echo triggered
                ENTRYPOINT ["/bin/sh", "-c"]
                CMD ["echo hello"]
                """);
        Files.writeString(context.resolve("a.txt"), "a\n");
        Path inner = Files.createDirectories(work.resolve("tar-content"));
        Files.writeString(inner.resolve("b.txt"), "b\n");
        assertEquals(0, new ProcessBuilder("tar", "-cf", context.resolve("b.tar").toString(), "-C", inner.toString(),
                "b.txt").start().waitFor());
        docker.run("build", "--build-arg", "VERSION=2.0", "-t", "compared:1", context.toString()).ok();
        wharfd.docker().run("build", "--build-arg", "VERSION=2.0", "-t", "compared:1", context.toString()).ok();
        List<String> differences = SavedImage.differences(SavedImage.config(docker, "compared:1", work),
                SavedImage.config(wharfd.docker(), "compared:1", work), List.of("Cmd", "Entrypoint", "Env",
                        "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels", "StopSignal", "Healthcheck",
                        "Shell", "OnBuild", "ArgsEscaped"));
        assertEquals(List.of(), differences, String.join("\n", differences));

        // a child runs the ONBUILD trigger first, and records it as dockerd does
        Path child = Files.createDirectories(work.resolve("compared-child"));
        Files.writeString(child.resolve("Dockerfile"), "FROM compared:1\nLABEL child=yes\n");
        docker.run("build", "-t", "compared-child:1", child.toString()).ok();
        wharfd.docker().run("build", "-t", "compared-child:1", child.toString()).ok();
        List<String> childDifferences = SavedImage.differences(SavedImage.config(docker, "compared-child:1", work),
                SavedImage.config(wharfd.docker(), "compared-child:1", work), List.of("Cmd", "Entrypoint", "Env",
                        "User", "Labels", "Shell", "OnBuild"));
        assertEquals(List.of(), childDifferences, String.join("\n", childDifferences));
    }
}
