package io.wharf.api.runtime;

/** cgroup limits as Docker's HostConfig carries them; null or 0 means unlimited or the default. */
public record Resources(Long memory, Long memorySwap, Long memoryReservation, Long nanoCpus, Long cpuShares,
                        Long cpuQuota, Long cpuPeriod, String cpusetCpus, String cpusetMems, Long pidsLimit,
                        Integer blkioWeight) {
    public static Resources none() {
        return new Resources(null, null, null, null, null, null, null, null, null, null, null);
    }
}
