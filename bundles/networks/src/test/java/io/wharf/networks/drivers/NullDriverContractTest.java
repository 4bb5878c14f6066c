package io.wharf.networks.drivers;

import io.wharf.api.network.NetworkDriver;
import io.wharf.api.testkit.NetworkDriverContract;
import java.nio.file.Path;

class NullDriverContractTest extends NetworkDriverContract {
    @Override
    protected NetworkDriver open(Path state) {
        return new NullDriver();
    }
}
