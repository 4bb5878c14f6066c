package io.wharf.networks.rest;

import io.wharf.api.errors.EngineException;
import io.wharf.networks.core.NetworkDetails;
import io.wharf.networks.core.NetworkManager;
import java.time.Clock;
import java.util.List;

/** The /networks backend over the {@link NetworkManager}: applies the filters and builds the wire bodies. */
public final class NetworkManagerBackend implements NetworksBackend {
    private final NetworkManager networks;
    private final Clock clock;

    public NetworkManagerBackend(NetworkManager networks, Clock clock) {
        this.networks = networks;
        this.clock = clock;
    }

    @Override
    public List<NetworkBody> list(String filters) {
        return NetworkFilters.list(networks.allDetails(), filters).stream().map(d -> NetworkBody.of(d, false))
                .toList();
    }

    @Override
    public NetworkBody inspect(String idOrName, String scope) {
        NetworkDetails d = networks.details(idOrName);
        if (scope != null && !scope.isEmpty() && !scope.equals(d.info().scope())) {
            throw EngineException.notFound("network %s not found", idOrName);
        }
        return NetworkBody.of(d, true);
    }

    @Override
    public NetworkCreateBody create(CreateNetworkBody request) {
        return NetworkCreateBody.of(networks.create(request.toRequest()));
    }

    @Override
    public void remove(String idOrName) {
        networks.remove(idOrName);
    }

    @Override
    public NetworkPruneBody prune(String filters) {
        // the until filter is relative to now
        return new NetworkPruneBody(networks.prune(NetworkFilters.prune(filters, clock.instant())));
    }
}
