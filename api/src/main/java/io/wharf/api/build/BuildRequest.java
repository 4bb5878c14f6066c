package io.wharf.api.build;

import java.util.List;
import java.util.Map;

/**
 * The parameters of POST /build.
 *
 * @param dockerfile    the Dockerfile's path in the context ({@code Dockerfile} when null)
 * @param tags          the {@code t} values, each a reference to point at the result
 * @param buildArgs     {@code --build-arg}s; a null value means "take it from the environment", which the CLI resolved
 * @param labels        labels added to the final image
 * @param target        the stage to stop at, or null for the last
 * @param noCache       build every step
 * @param pull          pull base images even when present
 * @param remove        remove intermediate containers of successful steps
 * @param forceRemove   remove intermediate containers always
 * @param quiet         suppress the step output (only the ID is reported)
 * @param networkMode   {@code networkmode} for RUN containers ({@code default}, {@code none}, {@code host}, a network)
 * @param extraHosts    {@code host:ip} entries for RUN containers' /etc/hosts
 * @param cacheFrom     images whose history may seed the cache (a step matches the next history entry of an
 *                      image that starts with the parent's history and layers)
 * @param resources     limits for RUN containers
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
                           Map<String, String> labels, String target, boolean noCache, boolean pull,
                           boolean remove, boolean forceRemove, boolean quiet, String networkMode,
                           List<String> extraHosts, List<String> cacheFrom, Resources resources) {

    /** Limits for RUN containers, in Docker's units (bytes, CPU shares, microseconds); 0 or null for none. */
    public record Resources(long memory, long memorySwap, long cpuShares, String cpusetCpus, long cpuPeriod,
                            long cpuQuota, long shmSize) {
        public static Resources none() {
            return new Resources(0, 0, 0, null, 0, 0, 0);
        }
    }
}
