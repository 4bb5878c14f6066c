package io.wharf.runtime.linux;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * What the driver must remember of a container across a daemon restart, kept as wharf.json in its bundle dir:
 * the exact runtime it was created with (the configuration may have changed since) and its cgroup.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ContainerMetadata(@JsonProperty("id") String id,
                         @JsonProperty("runtime") String runtime,
                         @JsonProperty("runtimePath") String runtimePath,
                         @JsonProperty("runtimeArgs") List<String> runtimeArgs,
                         @JsonProperty("runtimeRoot") String runtimeRoot,
                         @JsonProperty("cgroupsPath") String cgroupsPath,
                         @JsonProperty("terminal") boolean terminal) {

    static ContainerMetadata of(String id, OciRuntime runtime, String cgroupsPath, boolean terminal) {
        return new ContainerMetadata(id, runtime.name(), runtime.binary().toString(), runtime.globalArgs(),
                runtime.stateRoot().toString(), cgroupsPath, terminal);
    }

    OciRuntime ociRuntime() {
        return new OciRuntime(runtime, Path.of(runtimePath), runtimeArgs != null ? runtimeArgs : List.of(),
                Path.of(runtimeRoot));
    }
}
