package io.wharf.api.runtime;

import java.util.concurrent.CompletionStage;

/** A started exec: its PID (host namespace), its stdio (null when not attached) and its exit. */
public record ExecSession(long pid, ProcessIo io, CompletionStage<ExitStatus> exit) {
}
