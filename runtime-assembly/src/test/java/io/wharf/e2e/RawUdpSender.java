package io.wharf.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A static program that sends a UDP datagram as a raw Ethernet frame to a given MAC (udp-to-mac.c, next to this
 * class): busybox cannot, and a container's own routing would keep 127.0.0.1 on its loopback. Built with gcc.
 */
final class RawUdpSender {
    static final String NAME = "udp-to-mac";

    private RawUdpSender() {
    }

    /** Compiles the sender into DIR (once) and returns DIR, ready to be mounted into a container. */
    static Path build(Path dir) throws IOException, InterruptedException {
        Path binary = dir.resolve(NAME);
        if (Files.isExecutable(binary)) {
            return dir;
        }
        Files.createDirectories(dir);
        Path source = dir.resolve(NAME + ".c");
        try (InputStream in = RawUdpSender.class.getResourceAsStream(NAME + ".c")) {
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.waitFor() != 0) {
            throw new IllegalStateException("gcc " + source + " failed (needs gcc and libc6-dev): " + output);
        }
        return dir;
    }
}
