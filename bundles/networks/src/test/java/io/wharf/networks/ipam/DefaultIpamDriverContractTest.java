package io.wharf.networks.ipam;

import io.wharf.api.network.IpamDriver;
import io.wharf.api.testkit.IpamDriverContract;
import java.util.List;

class DefaultIpamDriverContractTest extends IpamDriverContract {
    @Override
    protected IpamDriver open() {
        return new DefaultIpamDriver(AddressPools.defaults(), List::of);
    }
}
