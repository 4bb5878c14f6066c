package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networking through the real docker CLI: the default bridge, published ports fetched from the host, user
 * networks with name resolution, connect/disconnect, internal networks, and nothing left behind. Traffic goes
 * only to loopback and to the daemon's own bridges and containers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworksEndToEndIT {
    /** A busybox web server answering "hello from NAME". */
    private static final String HTTPD = "mkdir -p /www && echo hello from $(hostname) > /www/index.html "
            + "&& exec httpd -f -p 80 -h /www";

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("networks").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", "-c", "EXPOSE 80", TestImages.busyboxRootfs(work).toString(),
                "busybox:latest").ok();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    @Test
    @Order(1)
    void defaultBridgeGivesAnAddressAndARoute() throws Exception {
        Docker.Result r = docker.run("run", "--rm", "busybox", "sh", "-c", "ip -4 -o addr show eth0; ip route; "
                + "cat /etc/hosts; hostname");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("inet "), r.out());
        assertTrue(r.out().contains("default via "), r.out());
        String[] lines = r.out().strip().split("\n");
        String hostname = lines[lines.length - 1];
        String address = r.out().replaceAll("(?s).*inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/.*", "$1");
        assertTrue(r.out().contains(address + "\t" + hostname), "hosts file names the container: " + r.out());

        Docker.Result ls = docker.run("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").ok();
        assertTrue(ls.lines().containsAll(List.of("bridge bridge local", "host host local", "none null local")),
                ls.out());
        Docker.Result link = run("ip", "-o", "link", "show", wharfd.bridge);
        assertEquals(0, link.exitCode(), "the default bridge is the daemon's --bridge: " + link.out());
    }

    @Test
    @Order(2)
    void linksOnTheDefaultBridgeGoIntoHosts() throws Exception {
        docker.run("run", "-d", "--name", "linked", "busybox", "sleep", "60").ok();
        String address = docker.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "linked").ok().out().strip();
        Docker.Result hosts = docker.run("run", "--rm", "--link", "linked:cache", "busybox", "cat", "/etc/hosts")
                .ok();
        assertTrue(hosts.out().contains(address + "\tcache "), hosts.out());
        docker.run("rm", "-f", "linked").ok();
    }

    @Test
    @Order(2)
    void noneSeesOnlyLoopback() throws Exception {
        Docker.Result r = docker.run("run", "--rm", "--network", "none", "busybox", "ip", "-o", "link").ok();
        List<String> links = r.lines();
        assertEquals(1, links.size(), r.out());
        assertTrue(links.get(0).contains(": lo:"), r.out());
    }

    @Test
    @Order(3)
    void publishedPortIsReachableOnLoopback() throws Exception {
        docker.run("run", "-d", "--name", "web", "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD).ok();
        String port = docker.run("port", "web", "80").ok().out().strip();
        assertTrue(port.startsWith("127.0.0.1:"), port);
        int hostPort = Integer.parseInt(port.substring(port.indexOf(':') + 1));
        assertTrue(fetch("http://127.0.0.1:" + hostPort + "/").startsWith("hello from "));

        docker.run("run", "-d", "--name", "webfixed", "-p", "0:80", "-P", "busybox", "sh", "-c", HTTPD).ok();
        String all = docker.run("port", "webfixed").ok().out();
        assertTrue(all.contains("80/tcp -> 0.0.0.0:"), all);
        int any = Integer.parseInt(all.lines().filter(l -> l.contains("0.0.0.0:")).findFirst().orElseThrow()
                .replaceAll(".*:", ""));
        assertTrue(fetch("http://127.0.0.1:" + any + "/").startsWith("hello from "));
        Docker.Result ps = docker.run("ps", "--filter", "name=webfixed", "--format", "{{.Ports}}").ok();
        assertTrue(ps.out().contains("->80/tcp"), ps.out());

        Docker.Result taken = docker.run("run", "-d", "--name", "clash", "-p", "127.0.0.1:" + hostPort + ":80",
                "busybox", "sh", "-c", HTTPD);
        assertNotEquals(0, taken.exitCode(), "a host port cannot be published twice");
        assertTrue(taken.err().contains("port is already allocated"), taken.err());
        docker.run("rm", "-f", "web", "webfixed", "clash").ok();
        assertFalse(reachable(hostPort), "the rule goes with the container");
    }

    @Test
    @Order(3)
    void udpPortIsPublishedToo() throws Exception {
        // this busybox has no UDP server applet: check the mapping and the forwarding rule the daemon made
        docker.run("run", "-d", "--name", "udp", "-p", "127.0.0.1::5353/udp", "busybox", "sleep", "60").ok();
        String port = docker.run("port", "udp", "5353/udp").ok().out().strip();
        assertTrue(port.startsWith("127.0.0.1:"), port);
        int hostPort = Integer.parseInt(port.substring(port.indexOf(':') + 1));
        String address = docker.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "udp").ok().out().strip();
        String table = run("nft", "list", "table", "inet", wharfd.nftTable()).out();
        assertTrue(table.matches("(?s).*udp dport " + hostPort + " dnat ip to " + address.replace(".", "\\.")
                + ":5353.*"), table);
        docker.run("rm", "-f", "udp").ok();
    }

    @Test
    @Order(4)
    void userNetworkResolvesNamesAndAliases() throws Exception {
        docker.run("network", "create", "--label", "purpose=test", "appnet").ok();
        docker.run("run", "-d", "--name", "server", "--network", "appnet", "--network-alias", "api", "busybox",
                "sh", "-c", HTTPD).ok();
        for (String name : List.of("server", "api")) {
            Docker.Result r = retryWget("appnet", name);
            assertEquals(0, r.exitCode(), r.err() + r.out());
            assertTrue(r.out().startsWith("hello from "), r.out());
        }
        Docker.Result linked = docker.run("run", "--rm", "--network", "appnet", "--dns-search", ".", "--link",
                "server:db", "busybox", "nslookup", "db").ok();
        assertTrue(linked.out().matches("(?s).*Name:\\s+db.*Address: \\d+\\.\\d+\\.\\d+\\.\\d+.*"),
                "a --link alias answers the linking container: " + linked.out());
        Docker.Result resolv = docker.run("run", "--rm", "--network", "appnet", "busybox", "cat",
                "/etc/resolv.conf").ok();
        String gateway = docker.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "appnet").ok()
                .out().strip();
        assertTrue(resolv.out().contains("nameserver " + gateway), resolv.out());

        Docker.Result inspect = docker.run("network", "inspect", "-f",
                "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}} {{.Labels.purpose}}", "appnet").ok();
        assertTrue(inspect.out().startsWith("server "), inspect.out());
        assertTrue(inspect.out().strip().endsWith("test"), inspect.out());
        Docker.Result rm = docker.run("network", "rm", "appnet");
        assertNotEquals(0, rm.exitCode(), "a network with containers cannot be removed");
        assertTrue(rm.err().contains("active endpoints"), rm.err());

        // the default bridge has no embedded DNS (its containers use the host's resolvers, never queried here)
        Docker.Result onBridge = docker.run("run", "--rm", "busybox", "cat", "/etc/resolv.conf").ok();
        assertFalse(onBridge.out().contains("nameserver " + gateway), onBridge.out());
    }

    @Test
    @Order(5)
    void connectAndDisconnectARunningContainer() throws Exception {
        docker.run("network", "create", "othernet").ok();
        docker.run("network", "connect", "--alias", "second", "othernet", "server").ok();
        Docker.Result links = docker.run("exec", "server", "ip", "-o", "link").ok();
        assertTrue(links.out().contains(": eth1@"), links.out());
        Docker.Result viaOther = retryWget("othernet", "second");
        assertEquals(0, viaOther.exitCode(), viaOther.err());
        String nets = docker.run("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
                "server").ok().out();
        assertTrue(nets.contains("appnet") && nets.contains("othernet"), nets);

        docker.run("network", "disconnect", "othernet", "server").ok();
        links = docker.run("exec", "server", "ip", "-o", "link").ok();
        assertFalse(links.out().contains("eth1"), links.out());
        // (no lookup of the removed alias: unknown names are forwarded to the host's resolvers)
        String left = docker.run("network", "inspect", "-f", "{{len .Containers}}", "othernet").ok().out().strip();
        assertEquals("0", left);
        docker.run("network", "rm", "othernet").ok();
    }

    /**
     * Egress NAT, against an "upstream host" of the test's own: a network namespace behind a veth pair on this
     * machine. Its server answers with the connection table, which shows the address the container's traffic
     * arrived from: the host's address towards it when masqueraded, the container's own otherwise.
     */
    @Test
    @Order(6)
    void egressIsMasqueradedAndInternalNetworksHaveNone() throws Exception {
        try (LanHost upstream = new LanHost("10.250.77")) {
            Process server = upstream.start(TestImages.busyboxBinary().toString(), "nc", "-ll", "-p", "7777", "-e",
                    TestImages.busyboxBinary().toString(), "netstat", "-tn");
            try {
                Docker.Result out = null;
                for (int attempt = 0; attempt < 20; attempt++) {
                    out = docker.run("run", "--rm", "busybox", "sh", "-c", "nc -w 2 10.250.77.2 7777 </dev/null");
                    if (out.out().contains("10.250.77.2:7777")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertTrue(out.out().contains("10.250.77.1:"), "masqueraded to the host's address: " + out.out());
                assertFalse(out.out().contains(":7777 ::ffff:172.") || out.out().contains(":7777 172."), out.out());

                docker.run("network", "create", "--internal", "sealednet").ok();
                Docker.Result sealed = docker.run("run", "--rm", "--network", "sealednet", "busybox", "sh", "-c",
                        "nc -w 2 10.250.77.2 7777 </dev/null; echo rc=$?");
                assertFalse(sealed.out().contains("10.250.77.2:7777"), sealed.out());
                assertTrue(sealed.out().contains("rc=1"), sealed.out());
                docker.run("network", "rm", "sealednet").ok();
            } finally {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The CVE-2020-8558 class: the bridge has route_localnet (published ports on 127.0.0.1 need it), so a frame a
     * container addresses to the gateway's MAC with destination 127.0.0.1 would be delivered to the host's
     * loopback services, the daemon's own TCP API included. A container with CAP_NET_RAW (a default capability)
     * sends such a datagram with a raw socket; the same sender reaching the gateway's own address shows it works.
     */
    @Test
    @Order(6)
    void containerCannotReachTheHostsLoopback() throws Exception {
        // busybox cannot send a raw Ethernet frame, and a container's own routing keeps 127.0.0.1 on its loopback
        Path tools = Attackers.compile("udp-to-mac", Files.createDirectories(work.resolve("tools"))).getParent();
        String gateway = docker.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "bridge").ok()
                .out().strip();
        String gatewayMac = Files.readString(Path.of("/sys/class/net", wharfd.bridge, "address")).strip();
        try (DatagramSocket control = new DatagramSocket(new InetSocketAddress(gateway, 0));
             DatagramSocket loopback = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String send = "/tools/udp-to-mac eth0 " + gatewayMac + " ";
            Docker.Result sent = docker.run("run", "--rm", "-v", tools + ":/tools:ro", "busybox", "sh", "-c",
                    send + gateway + " " + control.getLocalPort() + " control && for i in 1 2 3; do "
                            + send + "127.0.0.1 " + loopback.getLocalPort() + " attack || exit 1; done");
            assertEquals(0, sent.exitCode(), sent.out() + sent.err());
            assertEquals("control", receive(control, 5000), "the raw sender reaches the gateway's address");
            assertEquals(null, receive(loopback, 1000), "a container's datagram reached the host's 127.0.0.1");
        }
    }

    /**
     * A machine on the LAN, routed to the bridge through this host, reaches what a container publishes and
     * nothing else (Docker 28's default): not an unpublished port, not a published container port addressed
     * directly, and not a port published on 127.0.0.1 even when it sends to 127.0.0.1 through this host (the
     * DNAT would take it). The host itself still reaches every container port.
     */
    @Test
    @Order(6)
    void lanHostReachesPublishedPortsOnly() throws Exception {
        docker.run("run", "-d", "--name", "exposed", "-p", "0:80", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                HTTPD.replace("&& exec httpd", "&& httpd -p 81 -h /www && exec httpd")).ok();
        String address = docker.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "exposed").ok().out().strip();
        List<String> ports = docker.run("port", "exposed", "80").ok().lines();
        int published = hostPort(ports, "0.0.0.0:");
        int onLoopback = hostPort(ports, "127.0.0.1:");
        String subnet = docker.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", "bridge").ok()
                .out().strip();
        assertTrue(fetch("http://" + address + ":81/").startsWith("hello from "), "the host reaches port 81");
        try (LanHost lan = new LanHost("10.250.78")) {
            assertEquals(0, lan.run("ip", "route", "add", subnet, "via", lan.hostAddress).exitCode());
            String viaHost = "";
            for (int attempt = 0; attempt < 20 && !viaHost.contains("hello from "); attempt++) {
                viaHost = lanGet(lan, lan.hostAddress, published); // port 80's httpd starts after port 81's
            }
            assertTrue(viaHost.contains("hello from "), "the published port: " + viaHost);
            assertFalse(lanGet(lan, address, 81).contains("hello from "), "an unpublished port is reachable");
            assertFalse(lanGet(lan, address, 80).contains("hello from "), "the container is reachable directly");

            lan.routeLoopbackToHost();
            assertTrue(lanGet(lan, "127.0.0.1", published).contains("hello from "), "published on every address");
            assertFalse(lanGet(lan, "127.0.0.1", onLoopback).contains("hello from "),
                    "a port published on the host's 127.0.0.1 is reachable from the LAN");
        } finally {
            docker.run("rm", "-f", "exposed").ok();
        }
    }

    private static int hostPort(List<String> ports, String prefix) {
        return Integer.parseInt(ports.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length()));
    }

    /** GET / from the LAN host with busybox nc (2 s to connect); the response, or nc's error. */
    private static String lanGet(LanHost lan, String host, int port) throws Exception {
        String busybox = TestImages.busyboxBinary().toString();
        return lan.run(busybox, "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | " + busybox + " nc -w 2 "
                + host + " " + port).out();
    }

    /** The text of the next datagram, or null when none comes within TIMEOUT ms. */
    private static String receive(DatagramSocket socket, int timeout) throws IOException {
        socket.setSoTimeout(timeout);
        DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        try {
            socket.receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Test
    @Order(6)
    void internalNetworkHasNoWayOut() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Thread acceptor = acceptForever(listener);
            String bridgeGateway = docker.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}",
                    "bridge").ok().out().strip();
            String probe = "nc -w 2 " + bridgeGateway + " " + listener.getLocalPort() + " </dev/null && echo reached";
            Docker.Result open = docker.run("run", "--rm", "busybox", "sh", "-c", probe);
            assertTrue(open.out().contains("reached"), "a bridge container reaches the host: " + open.err());

            docker.run("network", "create", "--internal", "closednet").ok();
            Docker.Result closed = docker.run("run", "--rm", "--network", "closednet", "busybox", "sh", "-c",
                    "ip route; " + probe);
            assertFalse(closed.out().contains("reached"), closed.out());
            assertFalse(closed.out().contains("default"), "no default route on an internal network: " + closed.out());
            docker.run("network", "rm", "closednet").ok();
            acceptor.interrupt();
        }
    }

    @Test
    @Order(7)
    void staticAddressAndSubnet() throws Exception {
        docker.run("network", "create", "--subnet", "10.231.7.0/24", "--gateway", "10.231.7.1",
                "--ip-range", "10.231.7.128/25", "fixednet").ok();
        Docker.Result r = docker.run("run", "--rm", "--network", "fixednet", "--ip", "10.231.7.9", "busybox", "ip",
                "-4", "-o", "addr", "show", "eth0").ok();
        assertTrue(r.out().contains("inet 10.231.7.9/24"), r.out());
        r = docker.run("run", "--rm", "--network", "fixednet", "busybox", "ip", "-4", "-o", "addr", "show", "eth0")
                .ok();
        assertTrue(r.out().matches("(?s).*inet 10\\.231\\.7\\.(12[89]|1[3-9]\\d|2[0-4]\\d|25[0-4])/24.*"), "from the ip-range: " + r.out());
        Docker.Result bad = docker.run("run", "--rm", "--ip", "10.231.7.10", "busybox", "true");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.err().contains("user defined networks"), bad.err());
        Docker.Result overlap = docker.run("network", "create", "--subnet", "10.231.7.0/25", "overlapnet");
        assertNotEquals(0, overlap.exitCode());
        docker.run("network", "rm", "fixednet").ok();
        Docker.Result missing = docker.run("run", "--rm", "--network", "nosuchnet", "busybox", "true");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("failed to set up container networking: network nosuchnet not found"),
                missing.err());
    }

    @Test
    @Order(8)
    void hundredContainersLeaveNothingBehind() throws Exception {
        int vethsBefore = count("ip", "-o", "link", "show", "type", "veth");
        docker.run("network", "create", "leaknet").ok();
        for (int i = 0; i < 100; i++) {
            String[] publish = i % 10 == 0 ? new String[] {"-p", "127.0.0.1::80"} : new String[0];
            List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", "leak" + i, "--network",
                    i % 2 == 0 ? "leaknet" : "bridge"));
            args.addAll(List.of(publish));
            args.addAll(List.of("busybox", "sleep", "60"));
            docker.run(args.toArray(String[]::new)).ok();
            docker.run("rm", "-f", "leak" + i).ok();
        }
        docker.run("network", "rm", "leaknet").ok();
        assertEquals(vethsBefore, count("ip", "-o", "link", "show", "type", "veth"), "veth pairs left");
        Docker.Result table = run("nft", "list", "table", "inet", wharfd.nftTable());
        assertFalse(table.out().contains("dnat ip to"), "port rules left: " + table.out());
        String bridgeContainers = docker.run("network", "inspect", "-f", "{{len .Containers}}", "bridge").ok().out();
        assertEquals("0", bridgeContainers.strip());
    }

    @Test
    @Order(9)
    void crashKeepsPublishedPortsAndRestartReconciles() throws Exception {
        docker.run("run", "-d", "--name", "survivor", "-p", "127.0.0.1::80", "busybox", "sh", "-c", HTTPD).ok();
        int port = Integer.parseInt(docker.run("port", "survivor", "80").ok().out().strip().replaceAll(".*:", ""));
        assertTrue(fetch("http://127.0.0.1:" + port + "/").startsWith("hello from "));
        docker.run("run", "-d", "--name", "victim", "busybox", "sleep", "600").ok();
        String victimPid = docker.run("inspect", "-f", "{{.State.Pid}}", "victim").ok().out().strip();
        int vethsRunning = count("ip", "-o", "link", "show", "type", "veth");

        wharfd.kill9();
        assertTrue(fetch("http://127.0.0.1:" + port + "/").startsWith("hello from "), "serves while wharfd is down");
        run("kill", "-9", victimPid);
        wharfd.start();

        assertTrue(fetch("http://127.0.0.1:" + port + "/").startsWith("hello from "));
        assertEquals(vethsRunning - 1, count("ip", "-o", "link", "show", "type", "veth"));
        String onBridge = docker.run("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "bridge")
                .ok().out().strip();
        assertEquals("survivor", onBridge, "the endpoint of the container that died while wharfd was down is gone");
        docker.run("rm", "-f", "survivor", "victim").ok();
        assertFalse(reachable(port));
    }

    /**
     * Resolves NAME with the embedded DNS and fetches its page. busybox's own nslookup does the lookup and nc
     * the fetch: this static glibc busybox's wget needs the host's NSS libraries (it crashes without them).
     */
    private static Docker.Result retryWget(String network, String name) throws Exception {
        Docker.Result r = null;
        String script = TestImages.httpGetScript(name);
        for (int attempt = 0; attempt < 20; attempt++) {
            // no search domains from the host: a lookup must never be forwarded off this machine
            r = docker.run("run", "--rm", "--network", network, "--dns-search", ".", "busybox", "sh", "-c", script);
            if (r.exitCode() == 0) {
                return r;
            }
            Thread.sleep(200); // the server may still be starting httpd
        }
        return r;
    }

    /** The page at URL, fetched with curl from the host (retried while the server starts). */
    private static String fetch(String url) throws Exception {
        Docker.Result last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            last = run("curl", "-sf", "--max-time", "2", url);
            if (last.exitCode() == 0) {
                return last.out();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("curl " + url + " failed: " + last.out());
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Thread acceptForever(ServerSocket listener) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write('x');
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int count(String... cmd) throws Exception {
        return run(cmd).out().isBlank() ? 0 : (int) run(cmd).out().lines().count();
    }

    private static Docker.Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Docker.Result(p.waitFor(), out, out);
    }
}
