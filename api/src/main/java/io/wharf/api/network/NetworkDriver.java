package io.wharf.api.network;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A network driver (bridge, host, null, plugins), registered with {@value #NAME_PROPERTY}. The network service
 * keeps the networks and endpoints and their addresses; a driver makes them real on the host. Its methods
 * are shaped like Docker's remote network driver protocol (CreateNetwork, DeleteNetwork, Join, Leave).
 * Clean-up is idempotent: leaving an endpoint or deleting a network that is already gone is not an error. A driver
 * that keeps networks (one that {@link #needsAddresses}) answers a join on a network it has not created with a
 * NOT_FOUND {@link io.wharf.api.errors.EngineException}; its joined endpoints reach each other and route their
 * default traffic through the endpoint's gateway. The test kit's {@code NetworkDriverContract} checks this contract.
 */
@ConsumerType
public interface NetworkDriver {
    String NAME_PROPERTY = "wharf.network.driver";

    String name();

    /** Whether endpoints get an address from IPAM ({@code false} for host and null). */
    default boolean needsAddresses() {
        return true;
    }

    void createNetwork(NetworkSpec spec) throws IOException;

    void deleteNetwork(String networkId) throws IOException;

    /** Plugs a container's namespace ({@link EndpointSpec#sandboxPath()}) into the network. */
    EndpointInfo join(EndpointSpec endpoint) throws IOException;

    /**
     * Unplugs an endpoint and removes its host state (forwarding rules, host-side interface). The namespace may
     * already be gone (the container exited), which is not an error.
     */
    void leave(String networkId, String endpointId) throws IOException;

    /**
     * Routes the container's default traffic through this endpoint from now on: IPv4 through
     * {@link EndpointSpec#gateway()} and IPv6 through {@link EndpointSpec#ipv6Gateway()}, each when not null (the
     * endpoint that carried that family's default route was disconnected; the other may be routed here already).
     * Drivers without routes need not override it.
     *
     * @since 1.2
     */
    default void routeDefault(EndpointSpec endpoint) throws IOException {
    }

    /**
     * Brings the host in line with the service's state when the driver starts or the daemon restarts: creates
     * what is missing for these networks and endpoints, removes what the driver owns but is not listed (rules,
     * bridges, interfaces of endpoints whose container is gone).
     */
    default void restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints) throws IOException {
    }
}
