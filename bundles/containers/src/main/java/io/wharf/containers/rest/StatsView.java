package io.wharf.containers.rest;

import io.wharf.api.runtime.ContainerStats;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's stats JSON (ContainerStatsResponse) from the driver's raw numbers. */
public final class StatsView {
    private StatsView() {
    }

    public static Map<String, Object> of(String id, String name, ContainerStats now, Instant read,
                                         ContainerStats before, Instant preread) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("id", id);
        m.put("read", Times.rfc3339Nano(read));
        m.put("preread", before == null ? Times.ZERO : Times.rfc3339Nano(preread));
        Map<String, Object> pids = new LinkedHashMap<>();
        pids.put("current", now == null ? 0 : now.pidsCurrent());
        if (now != null && now.pidsLimit() > 0) {
            pids.put("limit", now.pidsLimit());
        }
        m.put("pids_stats", pids);
        m.put("blkio_stats", blkio(now));
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", cpu(now));
        m.put("precpu_stats", cpu(before));
        m.put("memory_stats", memory(now));
        if (now != null && now.networks() != null && !now.networks().isEmpty()) {
            Map<String, Object> nets = new LinkedHashMap<>();
            now.networks().forEach((iface, n) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("rx_bytes", n.rxBytes());
                e.put("rx_packets", n.rxPackets());
                e.put("rx_errors", n.rxErrors());
                e.put("rx_dropped", n.rxDropped());
                e.put("tx_bytes", n.txBytes());
                e.put("tx_packets", n.txPackets());
                e.put("tx_errors", n.txErrors());
                e.put("tx_dropped", n.txDropped());
                nets.put(iface, e);
            });
            m.put("networks", nets);
        }
        return m;
    }

    private static Map<String, Object> cpu(ContainerStats s) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", s == null ? 0 : s.cpuTotalNanos());
        if (s != null && s.perCpuNanos() != null && !s.perCpuNanos().isEmpty()) {
            usage.put("percpu_usage", s.perCpuNanos());
        }
        usage.put("usage_in_kernelmode", s == null ? 0 : s.cpuKernelNanos());
        usage.put("usage_in_usermode", s == null ? 0 : s.cpuUserNanos());
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("cpu_usage", usage);
        if (s != null) {
            cpu.put("system_cpu_usage", s.systemCpuNanos());
            cpu.put("online_cpus", s.onlineCpus());
        }
        Map<String, Object> throttling = new LinkedHashMap<>();
        throttling.put("periods", 0);
        throttling.put("throttled_periods", s == null ? 0 : s.throttledPeriods());
        throttling.put("throttled_time", s == null ? 0 : s.throttledNanos());
        cpu.put("throttling_data", throttling);
        return cpu;
    }

    private static Map<String, Object> memory(ContainerStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s == null) {
            return m;
        }
        m.put("usage", s.memoryUsage());
        if (s.memoryMaxUsage() > 0) {
            m.put("max_usage", s.memoryMaxUsage());
        }
        m.put("stats", s.memoryStats() == null ? Map.of() : s.memoryStats());
        m.put("limit", s.memoryLimit());
        return m;
    }

    private static Map<String, Object> blkio(ContainerStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> entries = null;
        if (s != null && s.blkioServiceBytes() != null && !s.blkioServiceBytes().isEmpty()) {
            entries = new ArrayList<>();
            for (ContainerStats.BlkioEntry e : s.blkioServiceBytes()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("major", e.major());
                x.put("minor", e.minor());
                x.put("op", e.op());
                x.put("value", e.value());
                entries.add(x);
            }
        }
        m.put("io_service_bytes_recursive", entries);
        for (String k : List.of("io_serviced_recursive", "io_queue_recursive", "io_service_time_recursive",
                "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive", "sectors_recursive")) {
            m.put(k, null);
        }
        return m;
    }
}
