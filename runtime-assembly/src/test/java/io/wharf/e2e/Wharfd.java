package io.wharf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A wharfd of the test's own, started from the assembled distribution on private paths (socket, data root,
 * exec root, pid file) so that it never meets a daemon the user runs or another test's.
 */
final class Wharfd implements AutoCloseable {
    final Path dir;
    final Path socket;
    final Path dataRoot;
    final Path execRoot;
    final Path log;
    /** The default bridge's interface: private to this daemon, like its paths. */
    final String bridge = "wt" + java.util.HexFormat.of().toHexDigits((int) (Math.random() * Integer.MAX_VALUE)).substring(0, 8);
    private final List<String> extraArgs;
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    private Path home = distribution();
    private Process process;

    Wharfd(String name, String... extraArgs) throws IOException {
        // Short base path: unix socket paths are limited to 108 bytes.
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "wharf-" + name + "-");
        this.socket = dir.resolve("wharf.sock");
        this.dataRoot = dir.resolve("data");
        this.execRoot = dir.resolve("exec");
        this.log = dir.resolve("wharfd.log");
        this.extraArgs = List.of(extraArgs);
    }

    static Path distribution() {
        return Path.of(System.getProperty("wharf.distribution", "target/wharf"));
    }

    /** Runs the daemon from another copy of the distribution (before start). */
    Wharfd fromDistribution(Path copy) {
        home = copy;
        return this;
    }

    /** Sets an environment variable for the daemon process (before start). */
    Wharfd withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    Wharfd start() throws IOException, InterruptedException {
        process = launch(List.of());
        awaitPing(Duration.ofSeconds(60));
        return this;
    }

    /** Starts wharfd as the last arguments of {@code wrapper} (e.g. strace -f -o FILE) and waits for its API. */
    Wharfd startUnder(List<String> wrapper) throws IOException, InterruptedException {
        process = launch(wrapper);
        awaitPing(Duration.ofSeconds(60));
        return this;
    }

    /** Starts wharfd expecting it to refuse: returns its exit code and output. */
    Docker.Result startExpectingFailure() throws IOException, InterruptedException {
        Process p = launch(List.of());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("wharfd kept running:\n" + logText());
        }
        return new Docker.Result(p.exitValue(), logText(), logText());
    }

    private Process launch(List<String> wrapper) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(home.resolve("bin/wharfd").toString(),
                "-H", "unix://" + socket, "--data-root", dataRoot.toString(), "--exec-root", execRoot.toString(),
                "--pidfile", dir.resolve("wharfd.pid").toString()));
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--config-file"))) {
            cmd.addAll(List.of("--config-file", writeEmptyConfig().toString()));
        }
        if (extraArgs.stream().noneMatch(a -> a.equals("--bridge") || a.equals("-b") || a.startsWith("--bridge="))) {
            cmd.addAll(List.of("--bridge", bridge)); // never the user's wharf0
        }
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Docker's plugins of the host (or another test's, in /run/docker/plugins) are not this daemon's
        pb.environment().put("WHARF_PLUGIN_SOCKETS_DIR", dir.resolve("docker-plugins").toString());
        pb.environment().put("WHARF_PLUGIN_SPEC_DIRS", dir.resolve("docker-plugin-specs").toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private Path writeEmptyConfig() throws IOException {
        Path config = dir.resolve("daemon.json");
        if (!Files.exists(config)) {
            Files.writeString(config, "{}\n");
        }
        return config;
    }

    private void awaitPing(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("wharfd exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (new UnixHttp(socket).get("/_ping").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IOException("wharfd did not answer /_ping in " + timeout + ":\n" + logText());
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the daemon dies without any cleanup, as in a crash. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    /** SIGTERM and wait, as a service manager would stop it; returns the exit code. */
    int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        int code = process.exitValue();
        process = null;
        return code;
    }

    /** Removes the test's containers and user-defined networks (their bridges), as a user would. */
    private void removeHostNetworking() {
        try {
            Docker d = docker();
            List<String> ids = d.run("ps", "-aq").lines();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
                rm.addAll(ids);
                d.run(rm.toArray(String[]::new));
            }
            d.run("network", "prune", "-f");
        } catch (IOException | InterruptedException | RuntimeException e) {
            // best effort: the daemon may be broken, that is what the test reports
        }
    }

    /** The nftables table wharfd owns for this exec root. */
    String nftTable() throws java.security.NoSuchAlgorithmException {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(execRoot.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "wharf_" + java.util.HexFormat.of().formatHex(hash).substring(0, 8);
    }

    Docker docker() {
        return new Docker(socket, dir.resolve("docker-config"));
    }

    UnixHttp http() {
        return new UnixHttp(socket);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            removeHostNetworking();
        }
        stop();
        // what a daemon leaves on the host by design (its default bridge, its nftables table) goes with the test
        new ProcessBuilder("ip", "link", "del", bridge).redirectErrorStream(true).start().waitFor();
        new ProcessBuilder("nft", "delete", "table", "inet", nftTable()).redirectErrorStream(true).start().waitFor();
        // keep the daemon's log for diagnosis (target/wharfd-logs), the rest of its private paths go
        Path logs = Files.createDirectories(Path.of("target", "wharfd-logs"));
        if (Files.exists(log)) {
            Files.copy(log, logs.resolve(dir.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }
}
