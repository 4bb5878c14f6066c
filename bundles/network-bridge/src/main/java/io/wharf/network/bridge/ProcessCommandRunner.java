package io.wharf.network.bridge;

import io.wharf.support.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Spawns the command with a timeout; stdout is discarded, stderr read for error messages. */
final class ProcessCommandRunner implements CommandRunner {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Result run(List<String> command, String stdin) throws IOException {
        ChildProcesses.Result result = ChildProcesses.run(command, stdin.getBytes(StandardCharsets.UTF_8), false,
                TIMEOUT);
        return new Result(result.exitCode(), result.stderr());
    }
}
