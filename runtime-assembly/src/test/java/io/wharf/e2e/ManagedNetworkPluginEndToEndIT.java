package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugins-examples/network-plugin-python and ipam-plugin-python packaged as Docker managed (v2) plugins (the
 * network one on the host's network with CAP_NET_ADMIN, as it makes bridges and veth pairs there; the IPAM one with
 * no network), created from their folders and enabled: a network of both drivers, containers on it with the
 * interface the plugin made and the address the IPAM gave, disable refused while the network uses a plugin, and,
 * once the network is removed and the plugins disabled, their drivers gone. The same steps run against Debian's
 * dockerd, so they prove the packaging and the protocol, not Wharf's reading of them. As dockerd wants it, the
 * drivers are named with their tag ({@code -d acme/vethnet:latest}: dockerd 20.10 registers a managed plugin's
 * network driver under its full name and does not resolve {@code acme/vethnet}).
 */
class ManagedNetworkPluginEndToEndIT {
    private static final String NETWORK = "acme/vethnet:latest";
    private static final String IPAM = "acme/poolipam:latest";
    @TempDir
    Path work;

    @Test
    void managedNetworkAndIpamPluginsUnderWharfd() throws Exception {
        try (Wharfd wharfd = new Wharfd("mnetplug")) {
            wharfd.start();
            scenario(wharfd.docker(), true);
        }
    }

    @Test
    void theSamePluginsUnderDebiansDockerd() throws Exception {
        try (TestDockerd dockerd = TestDockerd.start("mnetplug")) {
            scenario(dockerd.docker(), false);
        }
    }

    /**
     * {@code namesGone}: a disabled plugin's driver names are unknown (Wharf); dockerd 20.10 keeps the remote driver
     * it registered and fails only when it calls the plugin's socket, after its retries, so there the error is
     * a dial error on the socket rather than the name.
     */
    private void scenario(Docker docker, boolean namesGone) throws Exception {
        String subnet = "10.214." + ThreadLocalRandom.current().nextInt(256);
        try {
            create(docker, NETWORK, "network-plugin-python/vethnet.py", "docker.networkdriver/1.0", "host",
                    "\"--prefix\", \"wmn\"", "CAP_NET_ADMIN");
            create(docker, IPAM, "ipam-plugin-python/poolipam.py", "docker.ipamdriver/1.0", "none",
                    "\"--pool\", \"" + subnet + ".0/24\"", null);
            docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest")
                    .ok();

            String id = docker.run("network", "create", "-d", NETWORK, "--ipam-driver", IPAM, "pnet").ok().out()
                    .strip();
            assertEquals(NETWORK + " " + IPAM + " " + subnet + ".0/24 " + subnet + ".1", docker.run("network",
                    "inspect", "-f", "{{.Driver}} {{.IPAM.Driver}} {{range .IPAM.Config}}{{.Subnet}} "
                            + "{{.Gateway}}{{end}}", "pnet").ok().out().strip());
            String bridge = ("wmn-" + id).substring(0, 15);
            assertEquals(0, run("ip", "link", "show", "dev", bridge), "the plugin made its bridge on the host");

            docker.run("run", "-d", "--name", "pa", "--network", "pnet", "busybox", "sleep", "600").ok();
            try {
                assertEquals(subnet + ".2", docker.run("inspect", "-f",
                        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "pa").ok().out().strip());
                String eth0 = docker.run("run", "--rm", "--network", "pnet", "busybox", "sh", "-c",
                        "ip -o -4 addr show dev eth0; ip route; ping -c 1 -W 5 " + subnet + ".2").ok().out();
                assertTrue(eth0.contains("inet " + subnet + ".3/24"), eth0);
                assertTrue(eth0.contains("default via " + subnet + ".1"), eth0);
                assertTrue(eth0.contains("1 packets received"), eth0);
                for (String plugin : new String[] {NETWORK, IPAM}) {
                    Docker.Result refused = docker.run("plugin", "disable", plugin);
                    assertNotEquals(0, refused.exitCode(), plugin + " is used by pnet");
                    assertTrue(refused.err().contains("plugin " + plugin + " is in use"), refused.err());
                }
            } finally {
                docker.run("rm", "-f", "pa").ok();
            }
            docker.run("network", "rm", "pnet").ok();
            assertNotEquals(0, run("ip", "link", "show", "dev", bridge), "the plugin removed its bridge");

            docker.run("plugin", "disable", NETWORK).ok();
            docker.run("plugin", "disable", IPAM).ok();
            Docker.Result gone = docker.run("network", "create", "-d", NETWORK, "after");
            assertNotEquals(0, gone.exitCode(), "no network of a disabled plugin");
            Docker.Result ipamGone = docker.run("network", "create", "--ipam-driver", IPAM, "after");
            assertNotEquals(0, ipamGone.exitCode(), "no addresses of a disabled plugin");
            if (namesGone) {
                assertTrue(gone.err().contains("plugin \"" + NETWORK + "\" not found"), gone.err());
                assertTrue(ipamGone.err().contains("plugin \"" + IPAM + "\" not found"), ipamGone.err());
            }

            docker.run("plugin", "rm", NETWORK).ok();
            docker.run("plugin", "rm", IPAM).ok();
            assertEquals(0, docker.run("plugin", "ls", "-q").ok().lines().size());
        } finally {
            docker.run("rm", "-f", "pa");
            docker.run("network", "rm", "pnet");
            docker.run("network", "rm", "after");
            docker.run("plugin", "rm", "-f", NETWORK);
            docker.run("plugin", "rm", "-f", IPAM);
        }
    }

    /** {@code plugin create} from a folder of the example script and its config.json, then {@code enable}. */
    private void create(Docker docker, String name, String script, String type, String network, String args,
                        String capability) throws IOException, InterruptedException {
        String file = Path.of(script).getFileName().toString();
        String socket = file.replace(".py", ".sock");
        Path dir = ExamplePlugins.managedPluginFolder(work.resolve(file), script, """
                {
                  "description": "%s as a Docker managed plugin",
                  "entrypoint": ["/usr/bin/python3", "/%s", "--socket", "/run/docker/plugins/%s", %s],
                  "interface": {"types": ["%s"], "socket": "%s"},
                  "network": {"type": "%s"},
                  "linux": {"capabilities": [%s]},
                  "mounts": [
                    %s
                  ]
                }
                """.formatted(file, file, socket, args, type, socket, network,
                capability == null ? "" : "\"" + capability + "\"", ExamplePlugins.HOST_PYTHON_MOUNTS));
        docker.run("plugin", "create", name, dir.toString()).ok();
        docker.run("plugin", "enable", name).ok();
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
