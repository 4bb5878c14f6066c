package io.wharf.networks.drivers;

import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The {@code host} driver: the container uses the host's namespace, so there is nothing to plug in. */
@Component(service = NetworkDriver.class, property = NetworkDriver.NAME_PROPERTY + "=host")
public final class HostDriver implements NetworkDriver {
    @Override
    public String name() {
        return "host";
    }

    @Override
    public boolean needsAddresses() {
        return false;
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        // the host's network exists already
    }

    @Override
    public void deleteNetwork(String networkId) {
        // nothing was made
    }

    @Override
    public EndpointInfo join(EndpointSpec endpoint) {
        return new EndpointInfo(null, null, 0, null, null, List.of());
    }

    @Override
    public void leave(String networkId, String endpointId) {
        // nothing was made
    }
}
