package io.wharf.api.network;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds network drivers that are not registered services until they are asked for, as dockerd activates a
 * network plugin when its name is first used ({@code docker network create -d NAME}, or a container joining a
 * network of that driver after a restart). The network service asks it for a driver name it does not know.
 *
 * @since 1.3
 */
@ConsumerType
public interface NetworkDriverResolver {
    /**
     * The driver of that name, activated now; null when the resolver has none of that name. A driver that exists
     * but cannot be activated is an {@link io.wharf.api.errors.EngineException}.
     */
    NetworkDriver resolve(String name);
}
