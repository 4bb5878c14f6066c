package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.support.QueryValues;
import java.util.Map;

/**
 * moby's handleMACAddressBC: before API 1.44 a container's MAC address is {@code Config.MacAddress} (docker-py 5
 * sends it there) and goes to the endpoint of its network mode, a per-endpoint one being ignored; from 1.44 on it
 * belongs in the endpoint, and a container-wide one is moved there with a deprecation warning.
 */
public final class MacAddressMigration {
    static final String DEPRECATED = "The container-wide MacAddress field is now deprecated. It should be specified "
            + "in EndpointsConfig instead.";

    private MacAddressMigration() {
    }

    /**
     * @param endpoints the container's endpoints, the network mode's first (as ContainerNetworks.initial orders them)
     * @return the warning for the create answer, or null
     */
    public static String apply(ContainerConfigJson config, NetworkMode mode, Map<String, EndpointRecord> endpoints,
                               String apiVersion) {
        String mac = config.macAddress == null ? "" : config.macAddress;
        EndpointRecord main = mode.usesNetworkService() && !endpoints.isEmpty()
                ? endpoints.values().iterator().next() : null;
        if (QueryValues.apiVersionBefore(apiVersion, "1.44")) {
            if (mac.isEmpty()) {
                endpoints.values().forEach(e -> e.macAddress = ""); // the old API had no such field
                return null;
            }
            if (main == null) {
                throw EngineException.invalid("conflicting options: mac-address and the network mode");
            }
            main.macAddress = mac;
            return null;
        }
        if (mac.isEmpty()) {
            return null;
        }
        if (main != null) {
            if (main.macAddress != null && !main.macAddress.isEmpty() && !main.macAddress.equals(mac)) {
                throw EngineException.invalid("the container-wide MAC address must match the endpoint-specific MAC "
                        + "address for the main network, or be left empty");
            }
            main.macAddress = mac;
        }
        config.macAddress = null;
        return DEPRECATED;
    }
}
