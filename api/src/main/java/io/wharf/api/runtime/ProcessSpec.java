package io.wharf.api.runtime;

import java.util.List;

/**
 * A process in a container: argv, environment, working directory, identity (already resolved against the
 * image's /etc/passwd and /etc/group), terminal, stdin and rlimits (clamped by the driver to the host's hard limits).
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, long uid, long gid,
                          List<Long> additionalGids, boolean terminal, boolean openStdin, List<Rlimit> rlimits) {
    /** An rlimit such as {@code RLIMIT_NOFILE}. */
    public record Rlimit(String type, long soft, long hard) {
    }
}
