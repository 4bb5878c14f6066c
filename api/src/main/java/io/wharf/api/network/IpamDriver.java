package io.wharf.api.network;

import org.osgi.annotation.versioning.ConsumerType;

/** Address management (Docker's IPAM plugin protocol), registered with {@value #NAME_PROPERTY}. */
@ConsumerType
public interface IpamDriver {
    String NAME_PROPERTY = "wharf.ipam.driver";

    String name();

    /** Reserves a pool: the requested subnet, or one from the default pools when null. Returns the CIDR. */
    String requestPool(String subnet, String ipRange);

    void releasePool(String subnet);

    /** Reserves an address in the pool: the requested one, or the next free one when null. */
    String requestAddress(String subnet, String address);

    void releaseAddress(String subnet, String address);
}
