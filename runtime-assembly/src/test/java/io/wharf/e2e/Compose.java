package io.wharf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-compose 1.29 (installed by scripts/install-host-packages.sh) on one project directory against
 * one wharfd, with a private client config: compose reaches only that daemon and never a registry.
 */
final class Compose {
    static final Path BINARY = Path.of("/usr/bin/docker-compose");

    private final Path socket;
    private final Path configDir;
    private final Path projectDir;
    private final String project;
    private final String image;

    Compose(Wharfd wharfd, Path projectDir, String project, String image) {
        this.socket = wharfd.socket;
        this.configDir = wharfd.dir.resolve("docker-config");
        this.projectDir = projectDir;
        this.project = project;
        this.image = image;
    }

    Docker.Result run(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        CompletableFuture<String> out = Docker.drain(p.getInputStream());
        CompletableFuture<String> err = Docker.drain(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("docker-compose " + String.join(" ", args) + " timed out:\n" + err.join());
        }
        return new Docker.Result(p.exitValue(), out.join(), err.join());
    }

    /** Starts a compose command that keeps running (logs -f); the caller reads its output and ends it. */
    Process start(String... args) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing (scripts/install-host-packages.sh installs it)");
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--ansi", "never", "-p", project));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir.toFile());
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        pb.environment().put("DOCKER_CONFIG", configDir.toString());
        pb.environment().put("WHARF_COMPOSE_IMAGE", image);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        for (String inherited : List.of("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
                "COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_INTERACTIVE_NO_CLI")) {
            pb.environment().remove(inherited);
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return pb.start();
    }
}
