package io.wharf.containers.exec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of POST /containers/{id}/exec. Its names are matched ignoring case, as Go's encoding/json does: docker-py
 * sends {@code detachKeys}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public final class ExecConfig {
    @JsonProperty("AttachStdin") public boolean attachStdin;
    @JsonProperty("AttachStdout") public boolean attachStdout;
    @JsonProperty("AttachStderr") public boolean attachStderr;
    @JsonProperty("DetachKeys") public String detachKeys = "";
    @JsonProperty("Tty") public boolean tty;
    @JsonProperty("Env") public List<String> env;
    @JsonProperty("Cmd") public List<String> cmd;
    @JsonProperty("Privileged") public boolean privileged;
    @JsonProperty("User") public String user = "";
    @JsonProperty("WorkingDir") public String workingDir = "";
    @JsonProperty("ConsoleSize") public int[] consoleSize;

    /** The body of POST /exec/{id}/start. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public static final class Start {
        @JsonProperty("Detach") public boolean detach;
        @JsonProperty("Tty") public boolean tty;
        @JsonProperty("ConsoleSize") public int[] consoleSize;
    }
}
