package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.runtime.Resources;

/** The OCI {@code linux.resources} (without devices) as docker run sets them; also the body of runc update. */
final class OciResources {
    /** The docker run default: 100 ms CFS periods for --cpus. */
    static final long NANO_CPUS_PERIOD = 100_000L;

    private final ObjectMapper json;
    private final HostInfo host;

    OciResources(ObjectMapper json, HostInfo host) {
        this.json = json;
        this.host = host;
    }

    ObjectNode resources(Resources r) {
        ObjectNode resources = json.createObjectNode();
        ObjectNode memory = memory(r);
        if (memory.size() > 0) {
            resources.set("memory", memory);
        }
        ObjectNode cpu = cpu(r);
        if (cpu.size() > 0) {
            resources.set("cpu", cpu);
        }
        if (r.pidsLimit() != null && r.pidsLimit() != 0) {
            resources.putObject("pids").put("limit", r.pidsLimit() < 0 ? -1 : r.pidsLimit());
        }
        if (r.blkioWeight() != null && r.blkioWeight() > 0 && host.blkioWeightSupported()) {
            resources.putObject("blockIO").put("weight", r.blkioWeight());
        }
        return resources;
    }

    private ObjectNode memory(Resources r) {
        ObjectNode memory = json.createObjectNode();
        if (positive(r.memory())) {
            memory.put("limit", r.memory());
        }
        if (positive(r.memoryReservation())) {
            memory.put("reservation", r.memoryReservation());
        }
        if (host.swapLimitSupported()) {
            if (r.memorySwap() != null && r.memorySwap() != 0) {
                memory.put("swap", r.memorySwap() < 0 ? -1 : r.memorySwap());
            } else if (positive(r.memory())) {
                memory.put("swap", r.memory() * 2); // Docker: swap defaults to as much as the memory limit
            }
        }
        return memory;
    }

    private ObjectNode cpu(Resources r) {
        ObjectNode cpu = json.createObjectNode();
        if (positive(r.cpuShares())) {
            cpu.put("shares", r.cpuShares());
        }
        if (positive(r.nanoCpus())) {
            cpu.put("quota", r.nanoCpus() * NANO_CPUS_PERIOD / 1_000_000_000L);
            cpu.put("period", NANO_CPUS_PERIOD);
        } else {
            if (r.cpuQuota() != null && r.cpuQuota() != 0) {
                cpu.put("quota", r.cpuQuota());
            }
            if (positive(r.cpuPeriod())) {
                cpu.put("period", r.cpuPeriod());
            }
        }
        if (r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) {
            cpu.put("cpus", r.cpusetCpus());
        }
        if (r.cpusetMems() != null && !r.cpusetMems().isEmpty()) {
            cpu.put("mems", r.cpusetMems());
        }
        return cpu;
    }

    private static boolean positive(Number value) {
        return value != null && value.longValue() > 0;
    }
}
