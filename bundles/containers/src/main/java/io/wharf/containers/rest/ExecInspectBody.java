package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.containers.exec.ExecConfig;
import io.wharf.containers.exec.ExecInstance;
import java.util.List;

/**
 * The answer to {@code GET /exec/{id}/json} (moby's container.ExecInspect), key for key as dockerd sends it;
 * ExitCode is null while the process has not exited.
 */
@JsonPropertyOrder({"CanRemove", "ContainerID", "DetachKeys", "ExitCode", "ID", "OpenStderr", "OpenStdin",
        "OpenStdout", "ProcessConfig", "Running", "Pid"})
public record ExecInspectBody(@JsonProperty("CanRemove") boolean canRemove,
                              @JsonProperty("ContainerID") String containerId,
                              @JsonProperty("DetachKeys") String detachKeys,
                              @JsonProperty("ExitCode") Integer exitCode,
                              @JsonProperty("ID") String id,
                              @JsonProperty("OpenStderr") boolean openStderr,
                              @JsonProperty("OpenStdin") boolean openStdin,
                              @JsonProperty("OpenStdout") boolean openStdout,
                              @JsonProperty("ProcessConfig") ProcessConfig processConfig,
                              @JsonProperty("Running") boolean running,
                              @JsonProperty("Pid") long pid) {

    public static ExecInspectBody of(ExecInstance e) {
        ExecConfig cfg = e.config();
        ProcessConfig process = new ProcessConfig(cfg.tty(), cfg.cmd().get(0), cfg.cmd().subList(1, cfg.cmd().size()),
                cfg.privileged(), cfg.user());
        return new ExecInspectBody(false, e.containerId(), cfg.detachKeys(),
                e.exitCode(), e.id(), cfg.attachStderr(), cfg.attachStdin(), cfg.attachStdout(), process, e.running(),
                e.pid());
    }

    /** The process as moby's ExecProcessConfig describes it; user only when one was asked for. */
    @JsonPropertyOrder({"tty", "entrypoint", "arguments", "privileged", "user"})
    public record ProcessConfig(@JsonProperty("tty") boolean tty,
                                @JsonProperty("entrypoint") String entrypoint,
                                @JsonProperty("arguments") List<String> arguments,
                                @JsonProperty("privileged") boolean privileged,
                                @JsonProperty("user") @JsonInclude(JsonInclude.Include.NON_EMPTY) String user) {
    }
}
