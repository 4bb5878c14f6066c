package io.wharf.networks.rest;

import java.util.List;

/** What the /networks endpoints need from the network service: calls free of HTTP that answer the wire bodies. */
public interface NetworksBackend {
    /** docker network ls with its {@code filters} query parameter (JSON, may be null). */
    List<NetworkBody> list(String filters);

    /** docker network inspect; a {@code scope} other than the network's answers NOT_FOUND as dockerd does. */
    NetworkBody inspect(String idOrName, String scope);

    NetworkCreateBody create(CreateNetworkBody request);

    void remove(String idOrName);

    NetworkPruneBody prune(String filters);
}
