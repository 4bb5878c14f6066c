package io.wharf.runtime.linux;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short OCI runtime commands (start, kill, pause, delete, update, state). Their stdout is discarded or read,
 * stderr is read for the error message, and stdin is /dev/null unless input is given. Never use it for
 * {@code create}: runc init would inherit the pipes and hold them until the container exits.
 */
class RuntimeCli {
    private static final File DEV_NULL = new File("/dev/null");
    private static final long TIMEOUT_SECONDS = 60;

    /** A finished command: its exit code, stdout (when asked for) and stderr. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String message() {
            return RuntimeErrors.message(stderr);
        }
    }

    Result run(OciRuntime runtime, byte[] input, boolean captureStdout, String... args) throws IOException {
        List<String> command = new ArrayList<>(runtime.command());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(new java.io.File("/")); // not the daemon's cwd
        if (input == null) {
            builder.redirectInput(DEV_NULL);
        }
        if (!captureStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        try {
            if (input != null) {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(input);
                }
            }
            String stdout = captureStdout
                    ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(runtime.name() + " " + String.join(" ", args) + " did not finish in "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), stdout, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + runtime.name(), e);
        }
    }

    /** Runs and throws an {@link EngineException} with the runtime's message on failure. */
    Result check(OciRuntime runtime, String action, byte[] input, String... args) throws IOException {
        Result result = run(runtime, input, false, args);
        if (!result.ok()) {
            String message = result.message();
            ErrorKind kind = message.contains("not running") || message.contains("not paused")
                    || message.contains("is paused") || message.contains("stopped")
                    ? ErrorKind.CONFLICT : RuntimeErrors.isNotFound(message) ? ErrorKind.NOT_FOUND : ErrorKind.SYSTEM;
            throw new EngineException(kind, "cannot " + action + ": " + runtime.name() + ": " + message);
        }
        return result;
    }
}
