package io.wharf.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real driver on the real host: bridges, veths in namespaces made with unshare, and the nft table, under a
 * private exec root (so a private table) with random bridge names and unused 10.213.x.0/24 subnets. Traffic only
 * goes to loopback and to the test's own namespaces.
 */
class BridgeDriverRootIntegrationTest {
    private static final BridgeNetwork.Defaults DEFAULTS = new BridgeNetwork.Defaults(1500, true);

    @TempDir
    Path execRoot;
    private String table;
    private final List<TestNamespace> namespaces = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();
    private final List<String> veths = new ArrayList<>();
    private final List<Integer> subnets = new ArrayList<>();

    @BeforeEach
    void requireRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        for (String tool : List.of("ip", "nft", "nsenter", "unshare")) {
            assumeTrue(run("sh", "-c", "command -v " + tool).exitCode() == 0, tool + " missing");
        }
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "/bin/busybox missing");
        table = NftTableName.forExecRoot(execRoot);
        assertNotEquals("wharf", table);
    }

    @AfterEach
    void cleanUp() throws Exception {
        namespaces.forEach(TestNamespace::close);
        for (String link : veths) {
            if (Files.exists(Path.of("/sys/class/net", link))) {
                run("ip", "link", "del", "dev", link);
            }
        }
        for (String bridge : bridges) {
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                run("ip", "link", "del", "dev", bridge);
            }
        }
        if (table != null) {
            run("sh", "-c", "printf 'table inet %s {}\\ndelete table inet %s\\n' " + table + " " + table + " | nft -f -");
        }
    }

    @Test
    void publishedPortsIsolationLeaveAndDelete() throws Exception {
        BridgeDriver driver = BridgeNetworkDriverComponent.create(execRoot, true, DEFAULTS);
        Subnet web = freeSubnet();
        Subnet closed = freeSubnet();
        NetworkSpec webNet = network(web, false);
        NetworkSpec closedNet = network(closed, true);
        driver.createNetwork(webNet);
        driver.createNetwork(closedNet);
        assertEquals("1", Files.readString(Path.of("/proc/sys/net/ipv4/conf", web.bridge, "route_localnet")).trim());

        TestNamespace server = namespace();
        int hostPort = freeLocalPort();
        EndpointInfo serverInfo = driver.join(endpoint(webNet, server, web.host(2),
                new PortBinding("tcp", 8080, "", hostPort)));
        assertEquals("02:42:0a:d5:" + String.format("%02x", web.third) + ":02", serverInfo.macAddress());
        server.start("/bin/busybox", "nc", "-ll", "-p", "8080", "-e", "/bin/busybox", "echo", "hello");

        assertEquals("hello", readLine("127.0.0.1", hostPort), "published port on loopback");
        assertEquals("hello", readLine(web.host(2), 8080), "container address from the host");

        TestNamespace client = namespace();
        long started = System.nanoTime();
        driver.join(endpoint(webNet, client, web.host(3)));
        long joinMicros = (System.nanoTime() - started) / 1000;
        System.out.printf("join without ports: %.1f ms%n", joinMicros / 1000.0);
        assertEquals("hello", client.run("/bin/busybox", "nc", "-w", "2", web.host(2), "8080").output().trim(),
                "a neighbour on the same network");

        TestNamespace shut = namespace();
        driver.join(endpoint(closedNet, shut, closed.host(2)));
        assertEquals(0, shut.run("/bin/busybox", "ping", "-c", "1", "-W", "2", closed.host(1)).exitCode(),
                "an internal network's gateway answers");
        TestNamespace.Result escape = shut.run("/bin/busybox", "nc", "-w", "2", web.host(2), "8080");
        assertFalse(escape.output().contains("hello"), "an internal network reaches nothing else: " + escape);
        String rules = run("nft", "list", "table", "inet", table).output();
        assertTrue(rules.contains("iifname \"" + closed.bridge + "\" oifname != \"" + closed.bridge + "\" drop"),
                rules);

        String serverVeth = InterfaceNames.veth(endpointId(server));
        driver.leave(webNet.id(), endpointId(server));
        assertFalse(Files.exists(Path.of("/sys/class/net", serverVeth)));
        assertFalse(run("nft", "list", "table", "inet", table).output().contains("dport " + hostPort));

        shut.close(); // the container died: its veth pair went with the namespace
        driver.leave(closedNet.id(), endpointId(shut));

        driver.deleteNetwork(closedNet.id());
        driver.deleteNetwork(webNet.id());
        assertFalse(Files.exists(Path.of("/sys/class/net", web.bridge)));
        assertFalse(Files.exists(Path.of("/sys/class/net", closed.bridge)));
        assertFalse(Files.exists(Path.of("/sys/class/net", InterfaceNames.veth(endpointId(client)))));
        assertNotEquals(0, run("nft", "list", "table", "inet", table).exitCode(), "table deleted");
    }

    @Test
    void restoreAfterCrashRemovesLeftovers() throws Exception {
        Subnet web = freeSubnet();
        NetworkSpec webNet = network(web, false);
        BridgeDriver crashed = BridgeNetworkDriverComponent.create(execRoot, true, DEFAULTS);
        crashed.createNetwork(webNet);
        TestNamespace container = namespace();
        crashed.join(endpoint(webNet, container, web.host(2), new PortBinding("tcp", 80, "127.0.0.1",
                freeLocalPort())));
        String veth = InterfaceNames.veth(endpointId(container));
        assertTrue(Files.exists(Path.of("/sys/class/net", veth)));
        assertEquals("1\n", container.run("/bin/busybox", "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6")
                .output(), "IPv4-only: IPv6 disabled inside the container's namespace");

        BridgeDriver restarted = BridgeNetworkDriverComponent.create(execRoot, true, DEFAULTS);
        restarted.restore(List.of(webNet), List.of());
        assertFalse(Files.exists(Path.of("/sys/class/net", veth)), "endpoint not listed any more");
        assertTrue(Files.exists(Path.of("/sys/class/net", web.bridge)));
        assertFalse(run("nft", "list", "table", "inet", table).output().contains("dnat ip to"));

        BridgeNetworkDriverComponent.create(execRoot, true, DEFAULTS).restore(List.of(), List.of());
        assertFalse(Files.exists(Path.of("/sys/class/net", web.bridge)));
        assertNotEquals(0, run("nft", "list", "table", "inet", table).exitCode(), "table deleted");
    }

    @Test
    void concurrentJoinsAndLeaves() throws Exception {
        Subnet web = freeSubnet();
        NetworkSpec webNet = network(web, false);
        BridgeDriver driver = BridgeNetworkDriverComponent.create(execRoot, true, DEFAULTS);
        driver.createNetwork(webNet);
        List<EndpointSpec> endpoints = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PortBinding[] ports = i % 2 == 0 ? new PortBinding[] {new PortBinding("tcp", 80, "127.0.0.1",
                    freeLocalPort())} : new PortBinding[0];
            endpoints.add(endpoint(webNet, namespace(), web.host(10 + i), ports));
        }
        ExecutorService pool = Executors.newFixedThreadPool(endpoints.size());
        try {
            for (Future<EndpointInfo> joined : pool.invokeAll(endpoints.stream()
                    .map(e -> (Callable<EndpointInfo>) () -> driver.join(e)).toList())) {
                joined.get();
            }
            String rules = run("nft", "list", "table", "inet", table).output();
            for (EndpointSpec endpoint : endpoints) {
                assertTrue(Files.exists(Path.of("/sys/class/net", web.bridge, "brif",
                        InterfaceNames.veth(endpoint.endpointId()))));
                assertEquals(0, run("/bin/busybox", "ping", "-c", "1", "-W", "2", endpoint.ipv4Address()).exitCode());
                for (PortBinding port : endpoint.ports()) {
                    assertTrue(rules.contains("dport " + port.hostPort() + " dnat ip to " + endpoint.ipv4Address()),
                            rules);
                }
            }
            for (Future<Object> left : pool.invokeAll(endpoints.stream().map(e -> (Callable<Object>) () -> {
                driver.leave(webNet.id(), e.endpointId());
                return null;
            }).toList())) {
                left.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), new HostLinks(HostLinks.SYSFS).bridgePorts(web.bridge));
        assertFalse(run("nft", "list", "table", "inet", table).output().contains("dnat ip to"));
        driver.deleteNetwork(webNet.id());
    }

    @Test
    void joinErrorsCarryIpsMessage() throws Exception {
        Subnet web = freeSubnet();
        NetworkSpec webNet = network(web, false);
        BridgeDriver driver = BridgeNetworkDriverComponent.create(execRoot, false, DEFAULTS);
        driver.createNetwork(webNet);
        TestNamespace container = namespace();
        EndpointSpec spec = endpoint(webNet, container, web.host(2));
        driver.join(spec);
        driver.leave(webNet.id(), spec.endpointId());
        assertEquals(0, run("ip", "link", "add", InterfaceNames.veth(spec.endpointId()), "type", "bridge").exitCode());
        IOException e = assertThrows(IOException.class, () -> driver.join(spec));
        assertTrue(e.getMessage().contains("failed: RTNETLINK answers: File exists"), e.getMessage());
        assertTrue(Files.exists(Path.of("/sys/class/net", InterfaceNames.veth(spec.endpointId()))),
                "an interface the driver did not make is left alone");
        driver.deleteNetwork(webNet.id());
    }

    // --- helpers

    private record Subnet(int third, String bridge) {
        String cidr() {
            return "10.213." + third + ".0/24";
        }

        String host(int last) {
            return "10.213." + third + "." + last;
        }
    }

    /** A 10.213.x.0/24 no route or address on the host mentions, and a bridge name nobody uses. */
    private Subnet freeSubnet() throws Exception {
        String inUse = run("ip", "-4", "route").output() + run("ip", "-4", "addr").output();
        int start = ThreadLocalRandom.current().nextInt(256);
        for (int i = 0; i < 256; i++) {
            int third = (start + i) % 256;
            if (!inUse.contains("10.213." + third + ".") && !subnets.contains(third)) {
                subnets.add(third);
                String bridge = "wt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
                bridges.add(bridge);
                return new Subnet(third, bridge);
            }
        }
        throw new IllegalStateException("no free 10.213.x.0/24");
    }

    private static NetworkSpec network(Subnet subnet, boolean internal) {
        String id = subnet.bridge + "f".repeat(56);
        return new NetworkSpec(id, "test-" + subnet.bridge, "bridge", internal, false,
                List.of(new NetworkSpec.IpamConfig(subnet.cidr(), null, subnet.host(1))),
                Map.of(BridgeNetwork.BRIDGE_NAME, subnet.bridge), Map.of());
    }

    private TestNamespace namespace() throws Exception {
        TestNamespace namespace = new TestNamespace();
        namespaces.add(namespace);
        veths.add(InterfaceNames.veth(endpointId(namespace)));
        return namespace;
    }

    /** Endpoint IDs derived from the namespace's pid (7 hex digits cover pid_max), unique while the test runs. */
    private static String endpointId(TestNamespace namespace) {
        int pid = Integer.parseInt(namespace.path().split("/")[2]);
        return String.format("%07x", pid) + "f".repeat(57);
    }

    private static EndpointSpec endpoint(NetworkSpec network, TestNamespace namespace, String ip,
                                         PortBinding... ports) {
        return new EndpointSpec(network.id(), endpointId(namespace), "container", namespace.path(), "eth0", ip, 24,
                network.ipam().get(0).gateway(), null, List.of(), List.of(ports));
    }

    private static int freeLocalPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Connects and reads the greeting, retrying briefly while the listener in the namespace starts. */
    private static String readLine(String host, int port) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 2000);
                socket.setSoTimeout(2000);
                InputStream in = socket.getInputStream();
                String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!line.isEmpty()) {
                    return line;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw last == null ? new IOException("no answer from " + host + ":" + port) : last;
    }

    private static TestNamespace.Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new TestNamespace.Result(process.waitFor(), output);
    }
}
