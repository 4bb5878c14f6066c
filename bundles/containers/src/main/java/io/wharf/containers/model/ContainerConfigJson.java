package io.wharf.containers.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.wharf.api.model.ContainerConfig.Healthcheck;
import java.util.List;
import java.util.Map;

/**
 * Docker's container Config (the body of a create request minus HostConfig and NetworkingConfig), as the store
 * keeps it and inspect shows it. Mirrors Go's struct: nil slices and maps are null, omitempty fields left out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ContainerConfigJson {
    @JsonProperty("Hostname") public String hostname = "";
    @JsonProperty("Domainname") public String domainname = "";
    @JsonProperty("User") public String user = "";
    @JsonProperty("AttachStdin") public boolean attachStdin;
    @JsonProperty("AttachStdout") public boolean attachStdout;
    @JsonProperty("AttachStderr") public boolean attachStderr;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonProperty("ExposedPorts") public Map<String, Map<String, Object>> exposedPorts;
    @JsonProperty("Tty") public boolean tty;
    @JsonProperty("OpenStdin") public boolean openStdin;
    @JsonProperty("StdinOnce") public boolean stdinOnce;
    /** A null entry of these lists reads as "", as Go decodes it (each was a NullPointerException and a 500). */
    @JsonSetter(contentNulls = Nulls.AS_EMPTY) @JsonProperty("Env") public List<String> env;
    @JsonSetter(contentNulls = Nulls.AS_EMPTY) @JsonProperty("Cmd") public List<String> cmd;
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Healthcheck") public Healthcheck healthcheck;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ArgsEscaped") public boolean argsEscaped;
    @JsonProperty("Image") public String image = "";
    @JsonProperty("Volumes") public Map<String, Map<String, Object>> volumes;
    @JsonProperty("WorkingDir") public String workingDir = "";
    @JsonSetter(contentNulls = Nulls.AS_EMPTY) @JsonProperty("Entrypoint") public List<String> entrypoint;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("NetworkDisabled") public boolean networkDisabled;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("MacAddress") public String macAddress;
    @JsonSetter(contentNulls = Nulls.AS_EMPTY) @JsonProperty("OnBuild") public List<String> onBuild;
    @JsonProperty("Labels") public Map<String, String> labels;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StopSignal") public String stopSignal;
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopTimeout") public Integer stopTimeout;
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonSetter(contentNulls = Nulls.AS_EMPTY)
    @JsonProperty("Shell") public List<String> shell;

    public Map<String, String> labelsOrEmpty() {
        return labels == null ? Map.of() : labels;
    }
}
