package io.wharf.api.runtime;

/** What the driver knows of a container's process: state, PID and exit code once it stopped. */
public record ContainerStatus(State state, long pid, Integer exitCode, long startedAtNano, long finishedAtNano,
                              boolean oomKilled) {
    public enum State { CREATED, RUNNING, PAUSED, STOPPED, UNKNOWN }
}
