package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker network create options through the real docker CLI, answered as dockerd 20.10 answers them (compared
 * by hand on its own socket): --internal, labels, --aux-address, names with spaces, duplicate and blank names.
 */
class NetworkCreateEndToEndIT {
    @RegisterExtension
    static final BusyboxDaemon DAEMON = new BusyboxDaemon("netcreate");

    @Test
    void internalLabelledNetworkWithASpacedNameAndAuxiliaryAddresses() throws Exception {
        Docker docker = DAEMON.docker();
        String name = "wt lan";
        docker.run("network", "create", "--internal", "--label", "site=lab", "--subnet", "10.213.0.0/24",
                "--aux-address", "router=10.213.0.2", "--aux-address", "nas=10.213.0.3", name).ok();
        String shown = docker.run("network", "inspect", "-f", "{{.Name}}|{{.Internal}}|{{.Labels.site}}|"
                + "{{range .IPAM.Config}}{{.AuxiliaryAddresses}}{{end}}", name).ok().out().strip();
        assertEquals("wt lan|true|lab|map[nas:10.213.0.3 router:10.213.0.2]", shown);

        String address = docker.run("run", "--rm", "--network", name, "busybox", "ip", "-o", "-4", "addr", "show",
                "eth0").ok().out();
        assertTrue(address.contains(" 10.213.0.4/24 "), "the auxiliary addresses are never handed out: " + address);
        Docker.Result taken = docker.run("run", "--rm", "--network", name, "--ip", "10.213.0.2", "busybox", "true");
        assertNotEquals(0, taken.exitCode());
        assertTrue(taken.err().contains("Address already in use"), taken.err());

        Docker.Result duplicate = docker.run("network", "create", name);
        assertNotEquals(0, duplicate.exitCode());
        assertTrue(duplicate.err().contains("network with name wt lan already exists"), duplicate.err());
        Docker.Result blank = docker.run("network", "create", " ");
        assertNotEquals(0, blank.exitCode());
        assertTrue(blank.err().contains("invalid name"), blank.err());
        // (an --aux-address outside the subnet is refused by the CLI itself; the daemon's check is unit-tested)
        docker.run("network", "rm", name).ok();
    }
}
