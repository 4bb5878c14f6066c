package io.wharf.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What docker info reports about the host, read from /proc, /sys and /etc. */
public final class HostFacts {
    private final Path root;

    public HostFacts(Path root) {
        this.root = root;
    }

    public static HostFacts system() {
        return new HostFacts(Path.of("/"));
    }

    public String kernelVersion() {
        return firstLine("proc/sys/kernel/osrelease", System.getProperty("os.version"));
    }

    public String operatingSystem() {
        for (String line : lines("etc/os-release")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return "Linux";
    }

    public String osVersion() {
        for (String line : lines("etc/os-release")) {
            if (line.startsWith("VERSION_ID=")) {
                return line.substring("VERSION_ID=".length()).replace("\"", "");
            }
        }
        return "";
    }

    /** uname -m style: x86_64, aarch64. */
    public String machine() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64" -> "x86_64";
            default -> arch;
        };
    }

    public int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    public long memTotalBytes() {
        for (String line : lines("proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.split("\\s+");
                return Long.parseLong(parts[1]) * 1024;
            }
        }
        return 0;
    }

    public String hostname() {
        String name = firstLine("proc/sys/kernel/hostname", null);
        if (name != null) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** "2" on a unified cgroup hierarchy, "1" on v1 or hybrid hosts. */
    public String cgroupVersion() {
        return Files.exists(root.resolve("sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    private String firstLine(String relative, String fallback) {
        List<String> lines = lines(relative);
        return lines.isEmpty() ? fallback : lines.get(0).trim();
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative));
        } catch (IOException e) {
            return List.of();
        }
    }
}
