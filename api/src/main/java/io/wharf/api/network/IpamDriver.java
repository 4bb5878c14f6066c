package io.wharf.api.network;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Address management (Docker's IPAM plugin protocol), registered with {@value #NAME_PROPERTY}. Pools are named by
 * the CIDR {@link #requestPool} returns. Errors are {@link io.wharf.api.errors.EngineException}s: a pool overlapping
 * a granted one or an address already taken is FORBIDDEN, an address outside its pool INVALID_PARAMETER, an
 * exhausted pool UNAVAILABLE, and a pool that was never granted (or was released) NOT_FOUND. The test kit's
 * {@code IpamDriverContract} checks this contract.
 */
@ConsumerType
public interface IpamDriver {
    String NAME_PROPERTY = "wharf.ipam.driver";

    String name();

    /**
     * Reserves a pool: the requested subnet, or one from the default pools when null. Returns the CIDR. With
     * {@code ipRange} (a CIDR inside the subnet), addresses handed out without a request come from that range only.
     */
    String requestPool(String subnet, String ipRange);

    void releasePool(String subnet);

    /** Reserves an address in the pool: the requested one, or the next free one when null. */
    String requestAddress(String subnet, String address);

    void releaseAddress(String subnet, String address);
}
