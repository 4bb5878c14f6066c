package io.wharf.containers.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What a running container's start resolved and execs reuse: the mounted root, the process identity, its
 * environment and capabilities.
 */
public record StartedRun(long generation, Path rootfs, long uid, long gid, List<Long> additionalGids,
                         List<String> env, List<String> capabilities) {
}
