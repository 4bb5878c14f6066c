package io.wharf.network.bridge;

import io.wharf.api.network.NetworkDriver;
import io.wharf.api.testkit.NetworkDriverContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The bridge driver with its firewall on, in a private nft table (named after the test's state directory). */
class BridgeDriverContractTest extends NetworkDriverContract {
    @Override
    protected NetworkDriver open(Path state) throws IOException {
        return BridgeNetworkDriverComponent.create(state, true, new BridgeNetwork.Defaults(1500, true));
    }

    /** A bridge name of its own per network ("wc" and 8 hex digits), so that no host bridge is touched. */
    @Override
    protected Map<String, String> options(String networkId) {
        return Map.of(BridgeNetwork.BRIDGE_NAME, "wc" + networkId.substring(0, 8));
    }
}
