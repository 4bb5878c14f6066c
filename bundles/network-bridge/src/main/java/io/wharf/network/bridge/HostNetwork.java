package io.wharf.network.bridge;

import java.io.IOException;
import java.util.List;

/**
 * The iproute2 side of the driver: bridges and veth pairs. Each operation is one {@code ip -batch -} process (plus
 * one {@code nsenter ... ip -batch -} for the container's side of a join, whose sysctls are written from Java),
 * since spawning dominates their cost.
 */
final class HostNetwork {
    private final HostTools tools;
    private final CommandRunner runner;
    private final HostLinks links;
    private final NamespaceSysctls namespaceSysctls;

    HostNetwork(HostTools tools, CommandRunner runner, HostLinks links, NamespaceSysctls namespaceSysctls) {
        this.tools = tools;
        this.runner = runner;
        this.links = links;
        this.namespaceSysctls = namespaceSysctls;
    }

    HostLinks links() {
        return links;
    }

    /** Creates the bridge if needed and makes sure it is up with the gateway address. */
    void ensureBridge(BridgeNetwork network) throws IOException {
        boolean exists = links.exists(network.bridgeName());
        if (exists && !links.isBridge(network.bridgeName())) {
            throw new IOException("cannot use " + network.bridgeName() + " for network " + network.id()
                    + ": the interface exists and is not a bridge");
        }
        runIp(IpBatch.bridge(network, exists));
    }

    /** Gives a dual-stack network's bridge its IPv6 gateway address (IPv6 must be enabled on it first). */
    void addBridgeIpv6(BridgeNetwork network) throws IOException {
        runIp(IpBatch.bridgeIpv6(network));
    }

    /**
     * Plugs the endpoint in: the veth pair and its bridge port, then address, link and default route inside the
     * namespace. A failure inside the namespace removes the pair again, so a failed join leaves nothing behind.
     */
    void plug(Endpoint endpoint, BridgeNetwork network) throws IOException {
        IpBatch hostSide = IpBatch.hostSide(endpoint, network);
        CommandRunner.Result created = runner.run(List.of(tools.ip(), "-batch", "-"), hostSide.text());
        try {
            if (!created.ok()) {
                throw new IOException(hostSide.errorMessage("ip", created.stderr()));
            }
            namespaceSysctls.apply(endpoint);
            IpBatch inside = IpBatch.containerSide(endpoint);
            CommandRunner.Result result = runner.run(ipInside(endpoint), inside.text());
            if (!result.ok() && !inside.defaultRouteExists(result.stderr())) {
                throw new IOException(inside.errorMessage("ip (in " + endpoint.sandboxPath() + ")", result.stderr()));
            }
        } catch (IOException | RuntimeException e) {
            try {
                // when link add itself failed, an interface of that name existed before: not ours to delete
                if (created.ok() || hostSide.failedLine(created.stderr()) > 0) {
                    deleteLinks(List.of(endpoint.vethName()));
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Points the namespace's default route at the endpoint's gateway (the one that held it is gone). */
    void routeDefault(Endpoint endpoint) throws IOException {
        IpBatch batch = IpBatch.defaultRoute(endpoint);
        CommandRunner.Result result = runner.run(ipInside(endpoint), batch.text());
        if (!result.ok()) {
            throw new IOException(batch.errorMessage("ip (in " + endpoint.sandboxPath() + ")", result.stderr()));
        }
    }

    private List<String> ipInside(Endpoint endpoint) {
        return List.of(tools.nsenter(), "--net=" + endpoint.sandboxPath(), tools.ip(), "-batch", "-");
    }

    /**
     * Deletes interfaces; those already gone are skipped (a veth vanishes with its container's namespace). Deleting
     * one end of a veth pair deletes the other.
     */
    void deleteLinks(List<String> names) throws IOException {
        List<String> present = names.stream().filter(links::exists).toList();
        if (present.isEmpty()) {
            return;
        }
        // -force: one link vanishing between the check and the delete must not keep the others
        IpBatch batch = IpBatch.deleteLinks(present);
        CommandRunner.Result result = runner.run(List.of(tools.ip(), "-force", "-batch", "-"), batch.text());
        if (!result.ok() && !onlyMissingDevices(result.stderr())) {
            throw new IOException(batch.errorMessage("ip", result.stderr()));
        }
    }

    private static boolean onlyMissingDevices(String stderr) {
        return stderr.lines().filter(line -> !line.isBlank() && !line.startsWith("Command failed"))
                .allMatch(line -> line.contains("Cannot find device"));
    }

    private void runIp(IpBatch batch) throws IOException {
        CommandRunner.Result result = runner.run(List.of(tools.ip(), "-batch", "-"), batch.text());
        if (!result.ok()) {
            throw new IOException(batch.errorMessage("ip", result.stderr()));
        }
    }
}
