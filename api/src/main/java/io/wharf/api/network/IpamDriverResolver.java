package io.wharf.api.network;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds IPAM drivers that are not registered services until they are asked for, as dockerd activates an IPAM
 * plugin when its name is first used ({@code docker network create --ipam-driver NAME}).
 *
 * @since 1.3
 */
@ConsumerType
public interface IpamDriverResolver {
    /**
     * The driver of that name, activated now; null when the resolver has none of that name. A driver that exists
     * but cannot be activated is an {@link io.wharf.api.errors.EngineException}.
     */
    IpamDriver resolve(String name);
}
