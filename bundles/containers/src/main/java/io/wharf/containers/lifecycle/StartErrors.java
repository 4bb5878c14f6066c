package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;

/**
 * moby's setExitCodeFromError: a start that fails because the command cannot run is the client's mistake
 * (400) with exit code 127 (not found) or 126 (not executable); other failures are 128.
 */
final class StartErrors {
    private StartErrors() {
    }

    record Failure(int exitCode, EngineException error) {
    }

    static Failure classify(Throwable cause) {
        if (cause instanceof EngineException e) {
            return new Failure(e.kind() == ErrorKind.INVALID_PARAMETER ? 127 : 128, e);
        }
        String message = String.valueOf(cause.getMessage());
        String lower = message.toLowerCase();
        if (lower.contains("permission denied")) {
            return new Failure(126, new EngineException(ErrorKind.INVALID_PARAMETER, message, cause));
        }
        if (lower.contains("not a directory")) {
            return new Failure(127, new EngineException(ErrorKind.INVALID_PARAMETER, message + ": Are you trying "
                    + "to mount a directory onto a file (or vice-versa)? Check if the specified host path exists "
                    + "and is the expected type", cause));
        }
        if (lower.contains("executable file not found") || lower.contains("no such file or directory")
                || lower.contains("system cannot find the file specified")) {
            return new Failure(127, new EngineException(ErrorKind.INVALID_PARAMETER, message, cause));
        }
        return new Failure(128, EngineException.system(message, cause));
    }
}
