package io.wharf.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * Resource usage read from the container's cgroups and namespaces, raw (nanoseconds and bytes), for the engine
 * to shape into Docker's stats JSON.
 */
public record ContainerStats(long cpuTotalNanos, List<Long> perCpuNanos, long cpuKernelNanos, long cpuUserNanos,
                             long systemCpuNanos, int onlineCpus, long throttledPeriods, long throttledNanos,
                             long memoryUsage, long memoryMaxUsage, long memoryLimit, Map<String, Long> memoryStats,
                             long pidsCurrent, long pidsLimit, Map<String, NetworkStats> networks,
                             List<BlkioEntry> blkioServiceBytes) {
    public record NetworkStats(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes,
                               long txPackets, long txErrors, long txDropped) {
    }

    public record BlkioEntry(long major, long minor, String op, long value) {
    }
}
