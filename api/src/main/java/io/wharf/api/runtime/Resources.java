package io.wharf.api.runtime;

/** cgroup limits; null fields are unlimited or the default. */
public record Resources(Long memory, Long memorySwap, Long nanoCpus, Long cpuShares, Long cpuQuota, Long cpuPeriod,
                        String cpusetCpus, Long pidsLimit, Integer blkioWeight) {
    public static Resources none() {
        return new Resources(null, null, null, null, null, null, null, null, null);
    }
}
