package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a script of src/test/sh in a throwaway copy of this host (src/test/sh/throwaway-root.sh). */
final class ThrowawayRoot {
    private ThrowawayRoot() {
    }

    /** Runs {@code script} with {@code files} in the copy's /tmp; asserts it succeeds and returns what it said. */
    static String run(Path module, Path scratch, String script, Path... files) throws Exception {
        Path sh = module.resolve("src/test/sh");
        List<String> command = new ArrayList<>(List.of("/bin/bash", sh.resolve("throwaway-root.sh").toString(),
                sh.resolve(script).toString()));
        for (Path f : files) {
            command.add(f.toString());
        }
        Path output = scratch.resolve(script + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly(); // PID 1 of the copy's namespace: everything in it ends too
        }
        String said = Files.readString(output);
        assertTrue(finished, script + " did not finish in 8 minutes:\n" + said);
        assertEquals(0, process.exitValue(), said);
        return said;
    }
}
