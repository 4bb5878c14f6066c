package io.wharf.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The runtime defaults an image carries ({@code config} in the image configuration), in Docker's JSON names.
 * Every field may be null. Container creation merges a request with these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") List<String> shell) {

    public static ContainerConfig empty() {
        return new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ContainerConfig withCmd(List<String> value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, value, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withEntrypoint(List<String> value) {
        return new ContainerConfig(user, exposedPorts, env, value, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withEnv(List<String> value) {
        return new ContainerConfig(user, exposedPorts, value, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withUser(String value) {
        return new ContainerConfig(value, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withWorkingDir(String value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, value, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withLabels(Map<String, String> value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, value, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withExposedPorts(Map<String, Map<String, Object>> value) {
        return new ContainerConfig(user, value, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withVolumes(Map<String, Map<String, Object>> value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, value, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withStopSignal(String value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, value,
                argsEscaped, healthcheck, onBuild, shell);
    }

    public ContainerConfig withHealthcheck(Healthcheck value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, value, onBuild, shell);
    }

    public ContainerConfig withOnBuild(List<String> value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, value, shell);
    }

    public ContainerConfig withShell(List<String> value) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, value);
    }

    /** Health check settings; durations in nanoseconds as in Docker's API. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Healthcheck(@JsonProperty("Test") List<String> test,
                              @JsonProperty("Interval") Long interval,
                              @JsonProperty("Timeout") Long timeout,
                              @JsonProperty("StartPeriod") Long startPeriod,
                              @JsonProperty("StartInterval") Long startInterval,
                              @JsonProperty("Retries") Integer retries) {
    }
}
