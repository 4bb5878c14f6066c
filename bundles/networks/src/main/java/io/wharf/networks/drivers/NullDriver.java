package io.wharf.networks.drivers;

import io.wharf.api.network.NetworkDriver;
import org.osgi.service.component.annotations.Component;

/** The {@code null} driver of the {@code none} network: the container keeps a namespace with loopback only. */
@Component(service = NetworkDriver.class, property = NetworkDriver.NAME_PROPERTY + "=null")
public final class NullDriver extends AddresslessDriver {
    @Override
    public String name() {
        return "null";
    }
}
