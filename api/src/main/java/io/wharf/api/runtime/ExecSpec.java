package io.wharf.api.runtime;

import java.util.List;

/**
 * A process to start in a running container (docker exec).
 *
 * @param attachStdin  connect the exec's stdin
 * @param attachOutput connect stdout/stderr; when false (exec -d) output is discarded
 * @param capabilities the effective capability set (the container's, or all with --privileged)
 */
public record ExecSpec(String execId, ProcessSpec process, boolean privileged, List<String> capabilities,
                       boolean attachStdin, boolean attachOutput) {
}
