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
 * Debian's dockerd on private paths, with no bridge and no iptables rules, for scenarios that must run against
 * both engines; stopped and its files removed on close. Without dockerd the test is skipped, except in CI.
 */
final class TestDockerd implements AutoCloseable {
    private final Path state;
    /** Its API socket, for clients other than {@link #docker()} (the CLI under tmux). */
    final Path socket;
    private final Process process;
    private final Docker docker;

    private TestDockerd(Path state, Process process) {
        this.state = state;
        this.socket = state.resolve("docker.sock");
        this.process = process;
        this.docker = new Docker(socket, state.resolve("docker-config"));
    }

    /** Skips the test when dockerd is not installed; in CI (CI=true) its absence fails the test instead. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/dockerd"))
                || Files.isExecutable(Path.of("/usr/bin/dockerd"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("dockerd is not installed (CI must run the dockerd half)");
        }
        assumeTrue(installed, "dockerd is not installed");
    }

    /** Starts dockerd with {@code extraArgs} and waits up to a minute for its API (skipped where not installed). */
    static TestDockerd start(String name, String... extraArgs) throws IOException, InterruptedException {
        assumeInstalled();
        Path state = Files.createTempDirectory(Path.of("/tmp"), "wharf-dockerd-" + name + "-");
        List<String> command = new ArrayList<>(List.of("dockerd", "-H", "unix://" + state.resolve("docker.sock"),
                "--data-root", state.resolve("data").toString(), "--exec-root", state.resolve("exec").toString(),
                "--pidfile", state.resolve("docker.pid").toString(), "--iptables=false", "--ip6tables=false",
                "--bridge=none", "--config-file", Files.writeString(state.resolve("daemon.json"), "{}").toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(state.resolve("dockerd.log").toFile()).start();
        TestDockerd dockerd = new TestDockerd(state, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (dockerd.docker.run("version").exitCode() != 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                dockerd.close();
                throw new IOException("dockerd did not start:\n" + dockerd.log());
            }
            Thread.sleep(200);
        }
        return dockerd;
    }

    Docker docker() {
        return docker;
    }

    /** Its --data-root. */
    Path dataRoot() {
        return state.resolve("data");
    }

    /** Writes its daemon.json anew and sends SIGHUP, as {@code dockerd} reloads what can change live. */
    void reload(String daemonJson) throws IOException, InterruptedException {
        Files.writeString(state.resolve("daemon.json"), daemonJson);
        if (new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IOException("could not signal dockerd");
        }
    }

    String log() throws IOException {
        return Files.readString(state.resolve("dockerd.log"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        new ProcessBuilder("rm", "-rf", state.toString()).start().waitFor();
    }
}
