package io.wharf.network.bridge;

import java.io.IOException;
import java.util.List;

/** Runs a host command with text on stdin; a seam so the driver's logic can be tested without root. */
interface CommandRunner {

    /** A finished command: exit code and stderr (stdout of ip and nft is not needed). */
    record Result(int exitCode, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(List<String> command, String stdin) throws IOException;
}
