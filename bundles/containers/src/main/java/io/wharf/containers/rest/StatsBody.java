package io.wharf.containers.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wharf.api.runtime.ContainerStats;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code GET /containers/{id}/stats} (moby's container.StatsResponse) from the driver's raw numbers.
 * A container that does not run (no sample) gets dockerd's zeros: no system_cpu_usage, online_cpus or memory
 * fields. The memory stats map carries whichever keys the host's cgroup version has; max_usage exists on cgroup v1
 * only (the driver reports 0 on v2), as in dockerd.
 */
@JsonPropertyOrder({"name", "id", "read", "preread", "pids_stats", "blkio_stats", "num_procs", "storage_stats",
        "cpu_stats", "precpu_stats", "memory_stats", "networks"})
public record StatsBody(@JsonProperty("name") String name,
                        @JsonProperty("id") String id,
                        @JsonProperty("read") String read,
                        @JsonProperty("preread") String preread,
                        @JsonProperty("pids_stats") PidsStats pidsStats,
                        @JsonProperty("blkio_stats") BlkioStats blkioStats,
                        @JsonProperty("num_procs") int numProcs,
                        /* Windows only: always empty */
                        @JsonProperty("storage_stats") Map<String, Long> storageStats,
                        @JsonProperty("cpu_stats") CpuStats cpuStats,
                        @JsonProperty("precpu_stats") CpuStats precpuStats,
                        @JsonProperty("memory_stats") MemoryStats memoryStats,
                        @JsonProperty("networks") @JsonInclude(Include.NON_EMPTY) Map<String, NetworkStats> networks) {

    /** @param now null when the container does not run; {@code before} null on the first sample of a stream */
    public static StatsBody of(String id, String name, ContainerStats now, Instant read, ContainerStats before,
                               Instant preread) {
        Map<String, NetworkStats> networks = new LinkedHashMap<>();
        if (now != null && now.networks() != null) {
            now.networks().forEach((iface, n) -> networks.put(iface, NetworkStats.of(n)));
        }
        return new StatsBody(name, id, Times.rfc3339Nano(read), before == null ? Times.ZERO
                : Times.rfc3339Nano(preread), PidsStats.of(now), BlkioStats.of(now), 0, Map.of(), CpuStats.of(now),
                CpuStats.of(before), MemoryStats.of(now), networks);
    }

    /** limit only when the container has one. */
    @JsonPropertyOrder({"current", "limit"})
    public record PidsStats(@JsonProperty("current") long current,
                            @JsonProperty("limit") @JsonInclude(Include.NON_NULL) Long limit) {
        static PidsStats of(ContainerStats s) {
            return new PidsStats(s == null ? 0 : s.pidsCurrent(), s != null && s.pidsLimit() > 0 ? s.pidsLimit()
                    : null);
        }
    }

    /** Only the bytes per device are read; dockerd also sends the other cgroup v1 lists as null on cgroup v2. */
    @JsonPropertyOrder({"io_service_bytes_recursive", "io_serviced_recursive", "io_queue_recursive",
            "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive",
            "sectors_recursive"})
    public record BlkioStats(@JsonProperty("io_service_bytes_recursive") List<BlkioEntry> ioServiceBytesRecursive,
                             @JsonProperty("io_serviced_recursive") List<BlkioEntry> ioServicedRecursive,
                             @JsonProperty("io_queue_recursive") List<BlkioEntry> ioQueueRecursive,
                             @JsonProperty("io_service_time_recursive") List<BlkioEntry> ioServiceTimeRecursive,
                             @JsonProperty("io_wait_time_recursive") List<BlkioEntry> ioWaitTimeRecursive,
                             @JsonProperty("io_merged_recursive") List<BlkioEntry> ioMergedRecursive,
                             @JsonProperty("io_time_recursive") List<BlkioEntry> ioTimeRecursive,
                             @JsonProperty("sectors_recursive") List<BlkioEntry> sectorsRecursive) {
        static BlkioStats of(ContainerStats s) {
            List<BlkioEntry> bytes = s == null || s.blkioServiceBytes() == null || s.blkioServiceBytes().isEmpty()
                    ? null : s.blkioServiceBytes().stream().map(BlkioEntry::of).toList();
            return new BlkioStats(bytes, null, null, null, null, null, null, null);
        }
    }

    @JsonPropertyOrder({"major", "minor", "op", "value"})
    public record BlkioEntry(@JsonProperty("major") long major, @JsonProperty("minor") long minor,
                             @JsonProperty("op") String op, @JsonProperty("value") long value) {
        static BlkioEntry of(ContainerStats.BlkioEntry e) {
            return new BlkioEntry(e.major(), e.minor(), e.op(), e.value());
        }
    }

    /** system_cpu_usage and online_cpus only with a sample. */
    @JsonPropertyOrder({"cpu_usage", "system_cpu_usage", "online_cpus", "throttling_data"})
    public record CpuStats(@JsonProperty("cpu_usage") CpuUsage cpuUsage,
                           @JsonProperty("system_cpu_usage") @JsonInclude(Include.NON_NULL) Long systemCpuUsage,
                           @JsonProperty("online_cpus") @JsonInclude(Include.NON_NULL) Integer onlineCpus,
                           @JsonProperty("throttling_data") Throttling throttlingData) {
        static CpuStats of(ContainerStats s) {
            if (s == null) {
                return new CpuStats(new CpuUsage(0, null, 0, 0), null, null, new Throttling(0, 0, 0));
            }
            return new CpuStats(new CpuUsage(s.cpuTotalNanos(), s.perCpuNanos(), s.cpuKernelNanos(),
                    s.cpuUserNanos()), s.systemCpuNanos(), s.onlineCpus(),
                    new Throttling(0, s.throttledPeriods(), s.throttledNanos()));
        }
    }

    /** percpu_usage exists on cgroup v1 only (dockerd leaves it out on v2). */
    @JsonPropertyOrder({"total_usage", "percpu_usage", "usage_in_kernelmode", "usage_in_usermode"})
    public record CpuUsage(@JsonProperty("total_usage") long totalUsage,
                           @JsonProperty("percpu_usage") @JsonInclude(Include.NON_EMPTY) List<Long> percpuUsage,
                           @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
                           @JsonProperty("usage_in_usermode") long usageInUsermode) {
    }

    @JsonPropertyOrder({"periods", "throttled_periods", "throttled_time"})
    public record Throttling(@JsonProperty("periods") long periods,
                             @JsonProperty("throttled_periods") long throttledPeriods,
                             @JsonProperty("throttled_time") long throttledTime) {
    }

    /** Empty ({@code {}}) without a sample; max_usage exists on cgroup v1 only. */
    @JsonPropertyOrder({"usage", "max_usage", "stats", "limit"})
    @JsonInclude(Include.NON_NULL)
    public record MemoryStats(@JsonProperty("usage") Long usage,
                              @JsonProperty("max_usage") Long maxUsage,
                              @JsonProperty("stats") Map<String, Long> stats,
                              @JsonProperty("limit") Long limit) {
        static MemoryStats of(ContainerStats s) {
            if (s == null) {
                return new MemoryStats(null, null, null, null);
            }
            return new MemoryStats(s.memoryUsage(), s.memoryMaxUsage() > 0 ? s.memoryMaxUsage() : null,
                    s.memoryStats() == null ? Map.of() : s.memoryStats(), s.memoryLimit());
        }
    }

    @JsonPropertyOrder({"rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "tx_bytes", "tx_packets", "tx_errors",
            "tx_dropped"})
    public record NetworkStats(@JsonProperty("rx_bytes") long rxBytes,
                               @JsonProperty("rx_packets") long rxPackets,
                               @JsonProperty("rx_errors") long rxErrors,
                               @JsonProperty("rx_dropped") long rxDropped,
                               @JsonProperty("tx_bytes") long txBytes,
                               @JsonProperty("tx_packets") long txPackets,
                               @JsonProperty("tx_errors") long txErrors,
                               @JsonProperty("tx_dropped") long txDropped) {
        static NetworkStats of(ContainerStats.NetworkStats n) {
            return new NetworkStats(n.rxBytes(), n.rxPackets(), n.rxErrors(), n.rxDropped(), n.txBytes(),
                    n.txPackets(), n.txErrors(), n.txDropped());
        }
    }
}
