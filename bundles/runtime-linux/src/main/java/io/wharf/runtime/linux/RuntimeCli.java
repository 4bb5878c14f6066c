package io.wharf.runtime.linux;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.support.ChildProcesses;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs short OCI runtime commands (start, kill, pause, delete, update, state). Their stdout is discarded or read,
 * stderr is read for the error message, and stdin is /dev/null unless input is given. Never use it for
 * {@code create}: runc init would inherit the pipes and hold them until the container exits.
 */
class RuntimeCli {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Duration timeout;

    RuntimeCli() {
        this(TIMEOUT);
    }

    RuntimeCli(Duration timeout) {
        this.timeout = timeout;
    }

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
        ChildProcesses.Result r = ChildProcesses.run(runtime.name() + " " + String.join(" ", args), command, input,
                captureStdout, timeout);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
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
