package io.wharf.api.runtime;

import java.util.List;

/** A process to run in a container: argv, environment, working directory, identity, TTY and limits. */
public record ProcessSpec(List<String> args, List<String> env, String cwd, long uid, long gid,
                          List<Long> additionalGids, boolean terminal, boolean openStdin, List<Rlimit> rlimits) {
    public record Rlimit(String type, long soft, long hard) {
    }
}
