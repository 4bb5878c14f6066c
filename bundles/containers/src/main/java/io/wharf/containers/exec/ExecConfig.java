package io.wharf.containers.exec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of POST /containers/{id}/exec (moby's container.ExecOptions), immutable; absent strings read as "" and
 * an absent Cmd as empty, as Go's zero values. ConsoleSize is parsed (a mistyped one is a 400) but not applied:
 * clients resize the terminal through /exec/{id}/resize. Names are matched ignoring case, as Go's encoding/json
 * does: docker-py sends {@code detachKeys}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record ExecConfig(@JsonProperty("AttachStdin") boolean attachStdin,
                         @JsonProperty("AttachStdout") boolean attachStdout,
                         @JsonProperty("AttachStderr") boolean attachStderr,
                         @JsonProperty("DetachKeys") String detachKeys,
                         @JsonProperty("Tty") boolean tty,
                         @JsonProperty("Env") List<String> env,
                         @JsonProperty("Cmd") List<String> cmd,
                         @JsonProperty("Privileged") boolean privileged,
                         @JsonProperty("User") String user,
                         @JsonProperty("WorkingDir") String workingDir,
                         @JsonProperty("ConsoleSize") List<Integer> consoleSize) {

    public ExecConfig {
        detachKeys = detachKeys == null ? "" : detachKeys;
        cmd = cmd == null ? List.of() : cmd;
        user = user == null ? "" : user;
        workingDir = workingDir == null ? "" : workingDir;
    }

    /** The body of POST /exec/{id}/start. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record Start(@JsonProperty("Detach") boolean detach,
                        @JsonProperty("Tty") boolean tty,
                        @JsonProperty("ConsoleSize") List<Integer> consoleSize) {
    }
}
