package io.wharf.networks.drivers;

import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.util.List;

/** A driver with nothing to make on the host: no addresses, no interfaces, nothing to remove. */
abstract class AddresslessDriver implements NetworkDriver {
    @Override
    public boolean needsAddresses() {
        return false;
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        // nothing to make
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
