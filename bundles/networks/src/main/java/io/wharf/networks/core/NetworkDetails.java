package io.wharf.networks.core;

import io.wharf.api.network.NetworkInfo;
import io.wharf.networks.store.EndpointRecord;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of a network for the API: what it is, its IPAM options, its endpoints and its
 * auxiliary addresses of both families (name to address).
 */
public record NetworkDetails(NetworkInfo info, Map<String, String> ipamOptions, List<EndpointRecord> endpoints,
                             Map<String, String> auxAddresses) {
}
