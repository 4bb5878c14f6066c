package io.wharf.networks.drivers;

import io.wharf.api.network.NetworkDriver;
import org.osgi.service.component.annotations.Component;

/** The {@code host} driver: the container uses the host's namespace, so there is nothing to plug in. */
@Component(service = NetworkDriver.class, property = NetworkDriver.NAME_PROPERTY + "=host")
public final class HostDriver extends AddresslessDriver {
    @Override
    public String name() {
        return "host";
    }
}
