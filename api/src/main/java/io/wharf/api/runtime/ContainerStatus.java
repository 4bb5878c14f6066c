package io.wharf.api.runtime;

/** What the driver knows of a container's process. */
public record ContainerStatus(State state, long pid, Integer exitCode, boolean oomKilled) {
    /** CREATED: made but not started; STOPPED: its process has exited (exitCode set); GONE: unknown to the driver. */
    public enum State { CREATED, RUNNING, PAUSED, STOPPED, GONE }
}
