package io.wharf.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Small static programs the hardening tests run inside containers, compiled from the test resources with gcc. */
final class Attackers {
    private Attackers() {
    }

    /** Compiles {@code attackers/NAME.c} statically into {@code dir} and returns the binary. */
    static Path compile(String name, Path dir) throws IOException, InterruptedException {
        Path binary = dir.resolve(name);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path source = dir.resolve(name + ".c");
        try (InputStream in = Attackers.class.getResourceAsStream("/attackers/" + name + ".c")) {
            if (in == null) {
                throw new IOException("no attacker source " + name);
            }
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc failed for " + name + " (scripts/install-host-packages.sh installs gcc and "
                    + "libc6-dev): " + output);
        }
        return binary;
    }
}
