package io.wharf.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real docker CLI against one wharfd, with a private client config. */
final class Docker {
    private final Path socket;
    private final Path configDir;

    Docker(Path socket, Path configDir) {
        this.socket = socket;
        this.configDir = configDir;
    }

    static String binary() {
        for (String candidate : List.of("/usr/local/bin/docker", "/usr/bin/docker")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the docker CLI is not installed (scripts/install-host-packages.sh installs it)");
    }

    record Result(int exitCode, String out, String err) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("docker failed with " + exitCode + ": " + err + out);
            }
            return this;
        }

        List<String> lines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Starts the CLI and returns at once (a {@code logs -f} read as it goes); no input, the caller reads. */
    Process start(String... args) throws IOException {
        return command(args).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    }

    Result runWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = command(args);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary()));
        if (socket != null) {
            cmd.addAll(List.of("-H", "unix://" + socket));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", configDir.toString());
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        pb.environment().put("DOCKER_BUILDKIT", "0"); // the legacy /build API; this CLI has no buildx
        return pb;
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
