package io.wharf.networks.ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A range of ports, both ends inclusive. */
public record PortRange(int first, int last) {
    /** dockerd's own range when the kernel's cannot be read. */
    public static final PortRange DOCKER_DEFAULT = new PortRange(49153, 65535);
    private static final Path KERNEL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
    }

    /** The kernel's ephemeral range, where dockerd picks ports for {@code -p 80} (no host port). */
    public static PortRange ephemeral() {
        try {
            String[] f = Files.readString(KERNEL_RANGE).trim().split("\\s+");
            return new PortRange(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
        } catch (IOException | RuntimeException e) {
            return DOCKER_DEFAULT;
        }
    }

    public int size() {
        return last - first + 1;
    }
}
