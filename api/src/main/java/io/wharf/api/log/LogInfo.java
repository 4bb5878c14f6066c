package io.wharf.api.log;

import java.util.List;
import java.util.Map;

/**
 * What a log driver knows of the container, moby's logger.Info (the {@code Info} of a plugin's
 * {@code LogDriver.StartLogging}).
 *
 * @param containerName    with its leading {@code /}, as dockerd passes it
 * @param entrypoint       the process's path; {@code args} its arguments
 * @param imageId          with its {@code sha256:} prefix
 * @param imageName        as the container's configuration names it
 * @param created          RFC 3339 with nanoseconds, as Docker writes times
 * @param logPath          the engine's own copy of the log
 * @param daemonName       {@code docker}, so that templates read the same as under dockerd
 * @param config           the container's log options, unchecked
 */
public record LogInfo(String containerId, String containerName, String entrypoint, List<String> args,
                      String imageId, String imageName, String created, List<String> env,
                      Map<String, String> labels, String logPath, String daemonName, Map<String, String> config) {
    public LogInfo {
        args = List.copyOf(args);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        config = Map.copyOf(config);
    }
}
