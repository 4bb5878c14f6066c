package io.wharf.networks.ports;

import java.io.IOException;

/** Whether the host can still bind a port: someone outside Wharf may hold it. */
@FunctionalInterface
public interface HostPortProbe {
    /**
     * True when the port is free; false when something holds it. IOException when the address cannot be bound
     * at all (not an address of this host).
     */
    boolean isFree(String protocol, String hostIp, int port) throws IOException;
}
