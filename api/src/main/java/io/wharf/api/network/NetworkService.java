package io.wharf.api.network;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's networks, for the container engine. A container has an endpoint on a network only while it
 * runs: the container engine connects it after its namespace exists and before its process starts, and
 * releases its endpoints when it stops. Lookups throw NOT_FOUND ({@code network X not found}).
 */
@ProviderType
public interface NetworkService {
    /** The network a name, full ID or unique ID prefix refers to. */
    NetworkInfo get(String idOrName);

    List<NetworkInfo> list();

    /** Allocates an address and host ports, has the driver plug the namespace in, registers DNS names. */
    EndpointSettings connect(ConnectRequest request) throws IOException;

    /** Removes the container's endpoint on the network; NOT_FOUND when it has none there. */
    void disconnect(String network, String containerId) throws IOException;

    /** Releases every endpoint of the container (it stopped, or is gone after a daemon crash). */
    void releaseAll(String containerId);

    /** The container's live endpoints. */
    List<EndpointSettings> endpoints(String containerId);
}
