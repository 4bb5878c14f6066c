package io.wharf.runtime.linux;

import io.wharf.api.runtime.ContainerStats;
import io.wharf.api.runtime.ContainerStats.BlkioEntry;
import io.wharf.api.runtime.ContainerStats.NetworkStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a container's cgroup files (v1, or v2 when /sys/fs/cgroup/cgroup.controllers exists) for stats, PIDs,
 * the freezer state and OOM kills. The cgroup is the one the spec asked runc for (cgroupfs driver), so it is
 * known even after the container's processes are gone.
 */
class Cgroups {
    /** USER_HZ: the unit of cpuacct.stat and /proc/stat on every Linux ABI Wharf runs on. */
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    private final Path root;
    private final Path proc;
    private final boolean v2;

    Cgroups(Path root, Path proc) {
        this.root = root;
        this.proc = proc;
        this.v2 = Files.exists(root.resolve("cgroup.controllers"));
    }

    static Cgroups host() {
        return new Cgroups(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    }

    boolean isV2() {
        return v2;
    }

    /** The directory of {@code controller} for the cgroup {@code cgroupsPath} (absolute, e.g. /wharf/ID). */
    Path dir(String controller, String cgroupsPath) {
        String relative = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        return v2 ? root.resolve(relative) : root.resolve(controller).resolve(relative);
    }

    /** Whether the kernel OOM-killed a process of the cgroup (memory.oom_control's oom_kill counter). */
    boolean oomKilled(String cgroupsPath) {
        try {
            if (v2) {
                return keyValues(dir("memory", cgroupsPath).resolve("memory.events")).getOrDefault("oom_kill", 0L) > 0;
            }
            Map<String, Long> control = keyValues(dir("memory", cgroupsPath).resolve("memory.oom_control"));
            return control.getOrDefault("oom_kill", 0L) > 0 || control.getOrDefault("under_oom", 0L) > 0;
        } catch (IOException e) {
            return false; // best effort: the cgroup may already be gone
        }
    }

    boolean frozen(String cgroupsPath) {
        try {
            if (v2) {
                return readString(dir("freezer", cgroupsPath).resolve("cgroup.freeze")).equals("1");
            }
            return readString(dir("freezer", cgroupsPath).resolve("freezer.state")).equals("FROZEN");
        } catch (IOException e) {
            return false;
        }
    }

    /** Every process of the cgroup; empty when the cgroup is gone. */
    List<Long> pids(String cgroupsPath) throws IOException {
        Path procs = dir("pids", cgroupsPath).resolve("cgroup.procs");
        if (!v2 && !Files.exists(procs)) {
            procs = dir("memory", cgroupsPath).resolve("cgroup.procs");
        }
        try {
            List<Long> pids = new ArrayList<>();
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
            return pids;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    ContainerStats stats(String cgroupsPath, long initPid) throws IOException {
        return v2 ? statsV2(cgroupsPath, initPid) : statsV1(cgroupsPath, initPid);
    }

    private ContainerStats statsV1(String path, long initPid) throws IOException {
        Path cpuacct = dir("cpuacct", path);
        long total = readLong(cpuacct.resolve("cpuacct.usage"));
        List<Long> perCpu = new ArrayList<>();
        for (String value : readString(cpuacct.resolve("cpuacct.usage_percpu")).split("\\s+")) {
            if (!value.isEmpty()) {
                perCpu.add(Long.parseLong(value));
            }
        }
        Map<String, Long> cpuTimes = keyValues(cpuacct.resolve("cpuacct.stat"));
        Map<String, Long> cpuStat = keyValues(dir("cpu", path).resolve("cpu.stat"));
        Path memory = dir("memory", path);
        Map<String, Long> memoryStat = keyValues(memory.resolve("memory.stat"));
        Path pids = dir("pids", path);
        List<BlkioEntry> blkio = new ArrayList<>();
        for (String line : readLines(dir("blkio", path).resolve("blkio.throttle.io_service_bytes"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].contains(":")) {
                String[] device = fields[0].split(":");
                blkio.add(new BlkioEntry(Long.parseLong(device[0]), Long.parseLong(device[1]), fields[1],
                        Long.parseLong(fields[2])));
            }
        }
        return new ContainerStats(total, perCpu, cpuTimes.getOrDefault("system", 0L) * NANOS_PER_TICK,
                cpuTimes.getOrDefault("user", 0L) * NANOS_PER_TICK, systemCpuNanos(), onlineCpus(),
                cpuStat.getOrDefault("nr_throttled", 0L), cpuStat.getOrDefault("throttled_time", 0L),
                readLong(memory.resolve("memory.usage_in_bytes")),
                readLong(memory.resolve("memory.max_usage_in_bytes")),
                clampToHost(readLong(memory.resolve("memory.limit_in_bytes"))), memoryStat,
                readLong(pids.resolve("pids.current")), readLong(pids.resolve("pids.max")),
                networks(initPid), blkio);
    }

    private ContainerStats statsV2(String path, long initPid) throws IOException {
        Path dir = dir("", path);
        Map<String, Long> cpu = keyValues(dir.resolve("cpu.stat"));
        Map<String, Long> memoryStat = keyValues(dir.resolve("memory.stat"));
        List<BlkioEntry> blkio = new ArrayList<>();
        for (String line : readLines(dir.resolve("io.stat"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && fields[0].contains(":")) {
                String[] device = fields[0].split(":");
                for (int i = 1; i < fields.length; i++) {
                    String[] kv = fields[i].split("=");
                    String op = kv[0].equals("rbytes") ? "read" : kv[0].equals("wbytes") ? "write" : null;
                    if (op != null) {
                        blkio.add(new BlkioEntry(Long.parseLong(device[0]), Long.parseLong(device[1]), op,
                                Long.parseLong(kv[1])));
                    }
                }
            }
        }
        long usage = readLong(dir.resolve("memory.current"));
        long peak = Files.exists(dir.resolve("memory.peak")) ? readLong(dir.resolve("memory.peak")) : usage;
        return new ContainerStats(cpu.getOrDefault("usage_usec", 0L) * 1000, List.of(),
                cpu.getOrDefault("system_usec", 0L) * 1000, cpu.getOrDefault("user_usec", 0L) * 1000,
                systemCpuNanos(), onlineCpus(), cpu.getOrDefault("nr_throttled", 0L),
                cpu.getOrDefault("throttled_usec", 0L) * 1000, usage, peak,
                clampToHost(readLong(dir.resolve("memory.max"))), memoryStat, readLong(dir.resolve("pids.current")),
                readLong(dir.resolve("pids.max")), networks(initPid), blkio);
    }

    /** Host CPU time as moby computes it: the first seven fields of /proc/stat's cpu line, in nanoseconds. */
    long systemCpuNanos() throws IOException {
        for (String line : Files.readAllLines(proc.resolve("stat"))) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                long ticks = 0;
                for (int i = 1; i <= 7 && i < fields.length; i++) {
                    ticks += Long.parseLong(fields[i]);
                }
                return ticks * NANOS_PER_TICK;
            }
        }
        return 0;
    }

    int onlineCpus() throws IOException {
        int cpus = 0;
        for (String line : Files.readAllLines(proc.resolve("stat"))) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            }
        }
        return cpus;
    }

    /** Interfaces of the container's network namespace, from its init's /proc/PID/net/dev; lo is left out. */
    Map<String, NetworkStats> networks(long pid) {
        Map<String, NetworkStats> networks = new LinkedHashMap<>();
        if (pid <= 0) {
            return networks;
        }
        for (String line : readLines(proc.resolve(Long.toString(pid)).resolve("net").resolve("dev"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 12) {
                continue;
            }
            networks.put(name, new NetworkStats(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]),
                    Long.parseLong(f[11])));
        }
        return networks;
    }

    /** An unlimited cgroup reports a huge limit (or "max"); users expect the host's memory instead. */
    private long clampToHost(long limit) {
        long hostMemory = hostMemory();
        return limit <= 0 || (hostMemory > 0 && limit > hostMemory) ? hostMemory : limit;
    }

    private long hostMemory() {
        for (String line : readLines(proc.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** A file of "key value" lines (memory.stat, cpu.stat, cpuacct.stat, memory.oom_control). */
    static Map<String, Long> keyValues(Path file) throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2) {
                    try {
                        values.put(fields[0], Long.parseLong(fields[1]));
                    } catch (NumberFormatException ignored) {
                        // not a counter
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return values;
        }
        return values;
    }

    /** A single number; "max" (cgroup v2) and a missing file read as 0. */
    static long readLong(Path file) throws IOException {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() || text.equals("max") ? 0 : Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static String readString(Path file) throws IOException {
        try {
            return Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
