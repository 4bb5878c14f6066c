package io.wharf.network.bridge;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps the driver's nftables table in line with its state: generates the whole table and applies it with one
 * {@code nft -f -}, only when the text differs from what was applied last. Applies are serialized; each one
 * reads the state when it runs, so a late caller may find its change already applied and skip the spawn.
 */
final class NftFirewall {
    private final boolean enabled;
    private final String table;
    private final String nft;
    private final CommandRunner runner;
    private String applied;

    /** @param enabled false when the daemon runs with iptables=false: nft is then never run */
    NftFirewall(boolean enabled, String table, String nft, CommandRunner runner) {
        this.enabled = enabled;
        this.table = table;
        this.nft = nft;
        this.runner = runner;
    }

    boolean enabled() {
        return enabled;
    }

    String table() {
        return table;
    }

    synchronized void sync(Supplier<DriverState.Snapshot> state) throws IOException {
        if (!enabled) {
            return;
        }
        DriverState.Snapshot snapshot = state.get();
        String script = snapshot.networks().isEmpty()
                ? NftRuleset.deleteScript(table)
                : NftRuleset.replaceScript(table, snapshot.networks(), snapshot.endpoints());
        if (script.equals(applied)) {
            return;
        }
        applied = null; // unknown after a failure: the next sync applies whatever it generates
        CommandRunner.Result result = runner.run(List.of(nft, "-f", "-"), script);
        if (!result.ok()) {
            throw new IOException("nft -f - (table inet " + table + ") failed: " + result.stderr().trim());
        }
        applied = script;
    }
}
