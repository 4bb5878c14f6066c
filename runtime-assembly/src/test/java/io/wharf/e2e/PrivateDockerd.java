package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's dockerd (docker.io) for comparisons, on private paths: its own socket, data root, exec root and
 * pidfile, no iptables rules and no bridge; stopped and removed by {@link #close}. Skips the test where dockerd is
 * not installed, and fails it in CI, which must run the comparison.
 */
final class PrivateDockerd implements AutoCloseable {
    final Path dir;
    final Path socket;
    private final Process process;
    private final Docker docker;

    private PrivateDockerd(Path dir, Process process) {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
        this.process = process;
        this.docker = new Docker(socket, dir.resolve("docker-config"));
    }

    /** Starts one with {@code extraArgs} and waits until it answers. */
    static PrivateDockerd start(String name, String... extraArgs) throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/dockerd"))
                || Files.isExecutable(Path.of("/usr/bin/dockerd"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("dockerd is not installed (CI=true): install Debian's docker.io");
        }
        assumeTrue(installed, "dockerd is not installed");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "wharf-dockerd-" + name + "-");
        List<String> command = new ArrayList<>(List.of("dockerd", "-H", "unix://" + dir.resolve("docker.sock"),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "--iptables=false", "--ip6tables=false",
                "--bridge=none"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        PrivateDockerd dockerd = new PrivateDockerd(dir, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (dockerd.docker.run("version").exitCode() != 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("dockerd.log"));
                dockerd.close();
                throw new IOException("dockerd did not start:\n" + log);
            }
            Thread.sleep(200);
        }
        return dockerd;
    }

    Docker docker() {
        return docker;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }
}
