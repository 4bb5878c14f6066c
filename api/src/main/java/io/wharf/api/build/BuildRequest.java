package io.wharf.api.build;

import io.wharf.api.registry.RegistryAuth;
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
 * @param remote        {@code remote}: an http(s) URL of the context (a tar, any compression, or a bare
 *                      Dockerfile) read instead of the request body; null for none
 * @param registryAuths {@code X-Registry-Config}: credentials by registry (keyed as the CLI writes them: a host,
 *                      or a URL such as {@code https://index.docker.io/v1/}) for pulling base images
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
                           Map<String, String> labels, String target, boolean noCache, boolean pull,
                           boolean remove, boolean forceRemove, boolean quiet, String networkMode,
                           List<String> extraHosts, List<String> cacheFrom, Resources resources, String remote,
                           Map<String, RegistryAuth> registryAuths) {

    /** A request with the body as its context and no registry credentials. */
    public BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
                        Map<String, String> labels, String target, boolean noCache, boolean pull,
                        boolean remove, boolean forceRemove, boolean quiet, String networkMode,
                        List<String> extraHosts, List<String> cacheFrom, Resources resources) {
        this(dockerfile, tags, buildArgs, labels, target, noCache, pull, remove, forceRemove, quiet, networkMode,
                extraHosts, cacheFrom, resources, null, Map.of());
    }

    /**
     * Limits for RUN containers, in Docker's units (bytes, CPU shares, microseconds); 0 or null for none.
     *
     * @param ulimits {@code ulimits}: resource limits as {@code docker run --ulimit} sets them; empty for none
     */
    public record Resources(long memory, long memorySwap, long cpuShares, String cpusetCpus, long cpuPeriod,
                            long cpuQuota, long shmSize, List<Ulimit> ulimits) {
        public Resources {
            ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        }

        /** Without ulimits. */
        public Resources(long memory, long memorySwap, long cpuShares, String cpusetCpus, long cpuPeriod,
                         long cpuQuota, long shmSize) {
            this(memory, memorySwap, cpuShares, cpusetCpus, cpuPeriod, cpuQuota, shmSize, List.of());
        }

        public static Resources none() {
            return new Resources(0, 0, 0, null, 0, 0, 0);
        }
    }

    /**
     * One resource limit of RUN containers.
     *
     * @param name a resource as {@code docker run --ulimit} names it ({@code nofile}, {@code nproc}, ...)
     * @param soft the soft limit, -1 for unlimited
     * @param hard the hard limit, -1 for unlimited
     */
    public record Ulimit(String name, long soft, long hard) {
    }
}
