package io.wharf.api.runtime;

import java.time.Instant;

/** How a container's or an exec's process ended: its exit code (128+signal when killed), OOM, and when. */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {
}
