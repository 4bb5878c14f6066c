package io.wharf.api.network;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** A network driver (bridge, host, none, plugins), registered with {@value #NAME_PROPERTY}. */
@ConsumerType
public interface NetworkDriver {
    String NAME_PROPERTY = "wharf.network.driver";

    String name();

    void createNetwork(NetworkSpec spec) throws IOException;

    void deleteNetwork(String networkId) throws IOException;

    /** Plugs a container's namespace ({@link EndpointSpec#sandboxPath()}) into the network. */
    EndpointInfo join(EndpointSpec endpoint) throws IOException;

    void leave(String networkId, String endpointId) throws IOException;
}
