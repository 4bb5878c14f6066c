package io.wharf.network.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.testkit.ScriptedPlugin;
import org.junit.jupiter.api.Test;

class PluginIpamDriverTest {
    private final ScriptedPlugin plugin = new ScriptedPlugin("scripted", "NetworkDriver", "IpamDriver");

    @Test
    void poolsAreAskedInTheLocalAddressSpaceAndNamedByTheirPoolId() {
        plugin.answers.put("IpamDriver.GetDefaultAddressSpaces",
                "{\"LocalDefaultAddressSpace\":\"local-x\",\"GlobalDefaultAddressSpace\":\"global-x\"}");
        plugin.answers.put("IpamDriver.RequestPool", "{\"PoolID\":\"pool-7\",\"Pool\":\"10.77.0.0/24\",\"Data\":{}}");
        plugin.answers.put("IpamDriver.RequestAddress", "{\"Address\":\"10.77.0.5/24\"}");
        PluginIpamDriver ipam = new PluginIpamDriver(new PluginRpc(plugin));
        assertEquals("10.77.0.0/24", ipam.requestPool(null, null));
        assertEquals("{\"AddressSpace\":\"local-x\",\"Pool\":\"\",\"SubPool\":\"\",\"V6\":false,\"Options\":{}}",
                plugin.last("IpamDriver.RequestPool"));
        assertEquals("10.77.0.5/24", ipam.requestAddress("10.77.0.0/24", null));
        assertEquals("{\"PoolID\":\"pool-7\",\"Address\":\"\",\"Options\":{}}", plugin.last("IpamDriver.RequestAddress"));
        ipam.releaseAddress("10.77.0.0/24", "10.77.0.5");
        assertEquals("{\"PoolID\":\"pool-7\",\"Address\":\"10.77.0.5\"}", plugin.last("IpamDriver.ReleaseAddress"));
        ipam.releasePool("10.77.0.0/24");
        assertEquals("{\"PoolID\":\"pool-7\"}", plugin.last("IpamDriver.ReleasePool"));
    }

    @Test
    void aPoolGrantedBeforeARestartIsNamedByItsCidr() {
        new PluginIpamDriver(new PluginRpc(plugin)).releasePool("10.78.0.0/24");
        assertEquals("{\"PoolID\":\"10.78.0.0/24\"}", plugin.last("IpamDriver.ReleasePool"));
    }

    @Test
    void aRefusalIsThePluginsWords() {
        plugin.statuses.put("IpamDriver.RequestAddress", 500);
        plugin.answers.put("IpamDriver.RequestAddress", "no more addresses");
        EngineException e = assertThrows(EngineException.class,
                () -> new PluginIpamDriver(new PluginRpc(plugin)).requestAddress("10.78.0.0/24", null));
        assertEquals("IpamDriver.RequestAddress: no more addresses", e.getMessage());
    }
}
