package io.wharf.runtime.linux;

import io.wharf.linux.LinuxException;
import io.wharf.linux.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the spec generator needs to know about the host: the daemon's capability bounding set, the hard resource
 * limits (containers cannot go above them without CAP_SYS_RESOURCE), the kernel version and architecture for
 * seccomp, and which optional cgroup knobs exist.
 *
 * @param goArch     the architecture as Go (and Docker's seccomp profiles) name it: amd64, arm64, ...
 * @param hardLimits RLIMIT_* name to hard limit, {@link ResourceLimits#UNLIMITED} for infinity
 */
record HostInfo(List<String> capabilities, Map<String, Long> hardLimits, KernelVersion kernel, String goArch,
                boolean swapLimitSupported, boolean blkioWeightSupported) {

    /** A kernel release reduced to what seccomp's {@code minKernel} compares: major.minor. */
    record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
        static KernelVersion parse(String release) {
            String[] parts = release.trim().split("[.\\-+]");
            try {
                return new KernelVersion(Integer.parseInt(parts[0]), parts.length > 1 ? leadingInt(parts[1]) : 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid kernel version " + release, e);
            }
        }

        private static int leadingInt(String text) {
            int end = 0;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            return end == 0 ? 0 : Integer.parseInt(text.substring(0, end));
        }

        @Override
        public int compareTo(KernelVersion other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }
    }

    /** Reads this host (the daemon's own process). */
    static HostInfo detect() throws IOException {
        Map<String, Long> limits = new HashMap<>();
        for (String name : List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
                "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
                "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME")) {
            try {
                limits.put(name, ResourceLimits.current(name).hard());
            } catch (LinuxException e) {
                throw new IOException("cannot read the host's resource limits: " + e.getMessage(), e);
            }
        }
        Path memory = Path.of("/sys/fs/cgroup/memory");
        Path blkio = Path.of("/sys/fs/cgroup/blkio");
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        boolean swap = v2 || Files.exists(memory.resolve("memory.memsw.limit_in_bytes"));
        boolean weight = v2 || Files.exists(blkio.resolve("blkio.weight"))
                || Files.exists(blkio.resolve("blkio.bfq.weight"));
        return new HostInfo(Capabilities.fromMask(boundingSet()), Map.copyOf(limits),
                KernelVersion.parse(Files.readString(Path.of("/proc/sys/kernel/osrelease"))),
                goArch(System.getProperty("os.arch")), swap, weight);
    }

    /** The hard limit of {@code rlimit}, or {@link ResourceLimits#UNLIMITED} when unknown. */
    long hardLimit(String rlimit) {
        return hardLimits.getOrDefault(rlimit, ResourceLimits.UNLIMITED);
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> javaArch;
        };
    }

    private static long boundingSet() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapBnd:")) {
                return Long.parseUnsignedLong(line.substring("CapBnd:".length()).trim(), 16);
            }
        }
        throw new IOException("no CapBnd line in /proc/self/status");
    }
}
