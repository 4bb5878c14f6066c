package io.wharf.network.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the host's interfaces from sysfs ({@code /sys/class/net}) instead of spawning ip: existence checks are
 * on the hot path of leave, and restore needs the ports of each bridge.
 */
final class HostLinks {
    static final Path SYSFS = Path.of("/sys/class/net");
    private final Path root;

    HostLinks(Path root) {
        this.root = root;
    }

    boolean exists(String name) {
        return Files.exists(root.resolve(name));
    }

    boolean isBridge(String name) {
        return Files.isDirectory(root.resolve(name).resolve("bridge"));
    }

    /** The interfaces plugged into a bridge; empty when the bridge does not exist. */
    List<String> bridgePorts(String bridge) throws IOException {
        try (Stream<Path> ports = Files.list(root.resolve(bridge).resolve("brif"))) {
            return ports.map(port -> port.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
