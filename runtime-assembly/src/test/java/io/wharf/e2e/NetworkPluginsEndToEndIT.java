package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's remote network and IPAM driver protocols with the docker CLI: the example plugins of plugins-examples/
 * (Python, written from Docker's documentation, no Wharf code) serve a wharfd that finds them in a private
 * directory and then, unchanged, Debian's dockerd (which finds them only in /run/docker/plugins, under unique
 * names). The same scenario runs against both, so it checks the protocol rather than Wharf's reading of it.
 */
class NetworkPluginsEndToEndIT {
    @TempDir
    static Path work;
    static Path rootfs;

    @BeforeAll
    static void busybox() throws Exception {
        rootfs = TestImages.busyboxRootfs(work);
    }

    /** One daemon's plugins: the network driver, the IPAM driver with its pool, and the IPAM's call log. */
    record Plugins(String network, String ipam, String pool, Path ipamLog) {
        /** The pool's n-th host address (1 is the gateway the IPAM grants first). */
        String host(int n) {
            return pool.substring(0, pool.lastIndexOf(".0/")) + "." + n;
        }
    }

    private static Plugins start(ExamplePlugins examples, Path sockets, Path dir) throws Exception {
        String pool = "10.213." + ThreadLocalRandom.current().nextInt(256) + ".0/24";
        Plugins p = new Plugins(ExamplePlugins.uniqueName("wharfit-vethnet"),
                ExamplePlugins.uniqueName("wharfit-pool"), pool, dir.resolve("ipam.jsonl"));
        examples.start("network-plugin-python/vethnet.py", sockets.resolve(p.network() + ".sock"),
                dir.resolve("vethnet.log"), "--prefix", "wit");
        examples.start("ipam-plugin-python/poolipam.py", sockets.resolve(p.ipam() + ".sock"),
                dir.resolve("poolipam.log"), "--pool", pool, "--log", p.ipamLog().toString());
        return p;
    }

    /** What a test does with a started wharfd that finds the plugins in its private directory. */
    interface OnWharf {
        void run(Wharfd wharfd, Plugins p) throws Exception;
    }

    private static void onWharf(String name, OnWharf test) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        try (ExamplePlugins examples = new ExamplePlugins()) {
            Plugins p = start(examples, sockets, dir);
            try (Wharfd wharfd = new Wharfd(name).withEnv("WHARF_PLUGIN_SOCKETS_DIR", sockets.toString())) {
                wharfd.start();
                test.run(wharfd, p);
            }
        }
    }

    @Test
    void networkAndIpamPluginsOnWharf() throws Exception {
        onWharf("netplug", (wharfd, p) -> scenario(wharfd.docker(), p));
    }

    /** The network and its addresses are stored with their drivers' names: a restarted daemon asks the plugins again. */
    @Test
    void aPluginNetworkOutlivesADaemonRestart() throws Exception {
        onWharf("netplugre", (wharfd, p) -> {
            Docker docker = wharfd.docker();
            docker.run("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "busybox:latest").ok();
            docker.run("network", "create", "-d", p.network(), "--ipam-driver", p.ipam(), "pnet").ok();
            docker.run("run", "-d", "--name", "keep", "--network", "pnet", "busybox", "sleep", "600").ok();
            wharfd.stop(); // containers outlive the daemon
            wharfd.start();
            assertEquals(p.network() + " " + p.ipam(), docker.run("network", "inspect", "-f",
                    "{{.Driver}} {{.IPAM.Driver}}", "pnet").ok().out().strip());
            String ping = docker.run("run", "--rm", "--network", "pnet", "busybox", "sh", "-c",
                    "ip -o -4 addr show dev eth0; ping -c 1 -W 5 " + p.host(2)).ok().out();
            assertTrue(ping.contains("inet " + p.host(3) + "/24") && ping.contains("1 packets received"), ping);
            docker.run("rm", "-f", "keep").ok();
            docker.run("network", "rm", "pnet").ok();
            String calls = Files.readString(p.ipamLog());
            assertTrue(calls.contains("\"call\": \"IpamDriver.ReleasePool\", \"request\": {\"PoolID\": \""
                    + p.pool() + "\"}, \"answer\": {}"), "the pool granted before the restart went back: " + calls);
        });
    }

    @Test
    void theSamePluginsOnDockerd() throws Exception {
        TestDockerd.assumeInstalled();
        Path dir = Files.createDirectories(work.resolve("dockerd"));
        try (ExamplePlugins examples = new ExamplePlugins()) {
            Plugins p = start(examples, Files.createDirectories(Path.of("/run/docker/plugins")), dir);
            try (TestDockerd dockerd = TestDockerd.start("netplug")) {
                scenario(dockerd.docker(), p);
            }
        }
    }

    /** A network of the plugins, two containers on it that reach each other, and everything given back. */
    private static void scenario(Docker docker, Plugins p) throws Exception {
        docker.run("import", "-c", "CMD [\"sh\"]", rootfs.toString(), "busybox:latest").ok();
        String id = docker.run("network", "create", "-d", p.network(), "--ipam-driver", p.ipam(), "pnet").ok()
                .out().strip();
        assertEquals(p.network() + " " + p.ipam() + " " + p.pool() + " " + p.host(1), docker.run("network",
                "inspect", "-f", "{{.Driver}} {{.IPAM.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}",
                "pnet").ok().out().strip());
        String bridge = ("wit-" + id).substring(0, 15); // the plugin's bridge for the network
        assertEquals(0, run("ip", "link", "show", "dev", bridge), "the plugin made its bridge");

        docker.run("run", "-d", "--name", "pa", "--network", "pnet", "busybox", "sleep", "600").ok();
        try {
            assertEquals(p.host(2), docker.run("inspect", "-f",
                    "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "pa").ok().out().strip());
            // the plugin's interface, moved into the container and renamed eth0, with the IPAM's address
            String eth0 = docker.run("run", "--rm", "--network", "pnet", "busybox", "sh", "-c",
                    "ip -o -4 addr show dev eth0; ip route; ping -c 2 -W 5 " + p.host(2)).ok().out();
            assertTrue(eth0.contains("inet " + p.host(3) + "/24"), eth0);
            assertTrue(eth0.contains("default via " + p.host(1)), eth0);
            assertTrue(eth0.contains("2 packets received") || eth0.contains("2 received"), eth0);
            String byName = docker.run("run", "--rm", "--network", "pnet", "busybox", "ping", "-c", "1", "-W", "5",
                    "pa").ok().out();
            assertTrue(byName.contains("(" + p.host(2) + ")"), "the daemon's DNS answers on the network: " + byName);
            String back = docker.run("exec", "pa", "ping", "-c", "1", "-W", "5", p.host(1)).ok().out();
            assertTrue(back.contains("1 packets received"), "the first container reaches the gateway: " + back);
        } finally {
            docker.run("rm", "-f", "pa").ok();
        }
        Docker.Result inUse = docker.run("network", "create", "-d", p.network(), "--ipam-driver", p.ipam(), "other");
        assertNotEquals(0, inUse.exitCode(), "the IPAM has one pool, held by pnet");
        assertTrue(inUse.err().contains("is in use by another network"), inUse.err());

        docker.run("network", "rm", "pnet").ok();
        assertNotEquals(0, run("ip", "link", "show", "dev", bridge), "the plugin removed its bridge");
        String calls = Files.readString(p.ipamLog());
        for (String call : new String[] {"IpamDriver.RequestPool", "IpamDriver.RequestAddress",
                "IpamDriver.ReleaseAddress", "IpamDriver.ReleasePool"}) {
            assertTrue(calls.contains("\"call\": \"" + call + "\""), call + " in " + calls);
        }
        // the daemon's own bridge driver with the plugin's addresses
        docker.run("network", "create", "--ipam-driver", p.ipam(), "bnet").ok();
        try {
            String addr = docker.run("run", "--rm", "--network", "bnet", "busybox", "ip", "-o", "-4", "addr", "show",
                    "dev", "eth0").ok().out();
            assertTrue(addr.contains("inet " + p.host(2) + "/24"), addr);
        } finally {
            docker.run("network", "rm", "bnet").ok();
        }

        Docker.Result missing = docker.run("network", "create", "-d", "wharfit-no-such-plugin", "nn");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("wharfit-no-such-plugin"), missing.err());
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
