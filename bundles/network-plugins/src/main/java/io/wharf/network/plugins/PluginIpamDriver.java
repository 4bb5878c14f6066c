package io.wharf.network.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.network.IpamDriver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An IPAM driver that is a legacy plugin implementing {@code IpamDriver} (libnetwork's remote IPAM protocol). The
 * SPI names pools by their CIDR, the protocol by the plugin's {@code PoolID}: the IDs of the pools granted since
 * the daemon started are kept; a pool granted before is named by its CIDR, the ID most plugins use.
 */
public final class PluginIpamDriver implements IpamDriver {
    static final String TYPE = "IpamDriver";
    private final PluginRpc rpc;
    private final Map<String, String> poolIds = new ConcurrentHashMap<>();
    private volatile String addressSpace;

    PluginIpamDriver(PluginRpc rpc) {
        this.rpc = rpc;
        rpc.callOptional("IpamDriver.GetCapabilities", PluginRpc.object()); // dockerd asks; nothing Wharf uses
    }

    @Override
    public String name() {
        return rpc.name();
    }

    /** The plugin's local address space, asked once ({@code GetDefaultAddressSpaces}). */
    private String addressSpace() {
        String space = addressSpace;
        if (space == null) {
            JsonNode answer = rpc.call("IpamDriver.GetDefaultAddressSpaces", PluginRpc.object());
            space = answer.path("LocalDefaultAddressSpace").asText("");
            addressSpace = space;
        }
        return space;
    }

    @Override
    public String requestPool(String subnet, String ipRange) {
        ObjectNode request = PluginRpc.object()
                .put("AddressSpace", addressSpace())
                .put("Pool", subnet == null ? "" : subnet)
                .put("SubPool", ipRange == null ? "" : ipRange)
                .put("V6", false);
        request.putObject("Options");
        JsonNode answer = rpc.call("IpamDriver.RequestPool", request);
        String pool = answer.path("Pool").asText("");
        String id = answer.path("PoolID").asText("");
        if (pool.isEmpty() || id.isEmpty()) {
            throw EngineException.system("IpamDriver.RequestPool: plugin " + name() + " granted no pool", null);
        }
        poolIds.put(pool, id);
        return pool;
    }

    @Override
    public void releasePool(String subnet) {
        rpc.call("IpamDriver.ReleasePool", PluginRpc.object().put("PoolID", poolId(subnet)));
        poolIds.remove(subnet);
    }

    /** The granted address as the plugin wrote it, with its prefix ({@code 10.1.0.2/24}). */
    @Override
    public String requestAddress(String subnet, String address) {
        ObjectNode request = PluginRpc.object().put("PoolID", poolId(subnet))
                .put("Address", address == null ? "" : address);
        request.putObject("Options");
        String granted = rpc.call("IpamDriver.RequestAddress", request).path("Address").asText("");
        if (granted.isEmpty()) {
            throw EngineException.system("IpamDriver.RequestAddress: plugin " + name() + " granted no address",
                    null);
        }
        return granted;
    }

    @Override
    public void releaseAddress(String subnet, String address) {
        rpc.call("IpamDriver.ReleaseAddress", PluginRpc.object().put("PoolID", poolId(subnet))
                .put("Address", address));
    }

    private String poolId(String subnet) {
        return poolIds.getOrDefault(subnet, subnet);
    }
}
