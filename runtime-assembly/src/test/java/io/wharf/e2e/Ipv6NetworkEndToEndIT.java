package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dual-stack networks through the real docker CLI, with real IPv6 traffic: between containers by address and by
 * name, from the host to TCP and UDP ports published on [::1], to --link-local-ip addresses, and none from a
 * container on another network; IPv6 --aux-address; IPv6-only networks (--ipv4=false). Every packet
 * stays on this machine: loopback, the test daemon's bridges and its containers (the subnets are ULAs the host
 * does not route elsewhere).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ipv6NetworkEndToEndIT {
    private static final String SUBNET = "fd5a:5717:e2e::/64";
    private static final String WEB_IP6 = "fd5a:5717:e2e::80";
    private static final String ONLY6_SUBNET = "fd5a:5717:6::/64";
    private static final String ONLY6_GATEWAY = "fd5a:5717:6::1";
    private static final String DUAL_SUBNET = "fd5a:5717:d::/64";
    private static final String DUAL_GATEWAY6 = "fd5a:5717:d::1";
    private static final String HTTPD = "mkdir -p /www && echo hello from $(hostname) > /www/index.html "
            + "&& exec httpd -f -p 80 -h /www";
    @TempDir
    static Path work;
    @RegisterExtension
    static final BusyboxDaemon DAEMON = new BusyboxDaemon("ipv6");
    private static Docker docker;
    private static int loopbackPort;
    private static int everyAddressPort;
    private static int only6LoopbackPort;
    private static int only6EveryAddressPort;

    @BeforeEach
    void client() {
        docker = DAEMON.docker();
    }

    @Test
    @Order(1)
    void aDualStackNetworkShowsBothFamiliesAndTheContainersTheirIpv6Addresses() throws Exception {
        docker.run("network", "create", "--ipv6", "--subnet", SUBNET, "wt6").ok();
        assertEquals("true true", inspect("network", "wt6", "{{.EnableIPv4}} {{.EnableIPv6}}"));
        String pools = inspect("network", "wt6", "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}};{{end}}");
        assertTrue(pools.contains(SUBNET + " fd5a:5717:e2e::1;"), pools);
        assertTrue(pools.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+ [0-9.]+;.*"), "an IPv4 pool too: " + pools);

        loopbackPort = freePort();
        everyAddressPort = freePort();
        docker.run("run", "-d", "--name", "web6", "--hostname", "web6", "--network", "wt6", "--ip6", WEB_IP6,
                "-p", "[::1]:" + loopbackPort + ":80", "-p", everyAddressPort + ":80", "busybox", "sh", "-c", HTTPD)
                .ok();
        docker.run("run", "-d", "--name", "client6", "--dns-search", ".", "--network", "wt6", "busybox", "sleep",
                "600").ok();
        assertEquals(WEB_IP6 + " 64 fd5a:5717:e2e::1", inspect("container", "web6",
                "{{with index .NetworkSettings.Networks \"wt6\"}}{{.GlobalIPv6Address}} {{.GlobalIPv6PrefixLen}} "
                        + "{{.IPv6Gateway}}{{end}}"));
        String client = inspect("container", "client6",
                "{{(index .NetworkSettings.Networks \"wt6\").GlobalIPv6Address}}");
        assertTrue(client.startsWith("fd5a:5717:e2e::"), client);
        String members = inspect("network", "wt6", "{{range .Containers}}{{.IPv6Address}} {{end}}");
        assertTrue(members.contains(WEB_IP6 + "/64"), members);
        String ports = inspect("container", "web6", "{{json .NetworkSettings.Ports}}");
        assertTrue(ports.contains("{\"HostIp\":\"::1\",\"HostPort\":\"" + loopbackPort + "\"}"), ports);
        assertTrue(ports.contains("{\"HostIp\":\"::\",\"HostPort\":\"" + everyAddressPort + "\"}"), ports);
    }

    @Test
    @Order(2)
    void containersReachEachOtherOverIpv6ByAddressAndByName() throws Exception {
        Docker.Result ping = docker.run("exec", "client6", "ping6", "-c", "1", "-W", "3", WEB_IP6);
        assertEquals(0, ping.exitCode(), ping.out() + ping.err());
        Docker.Result byName = docker.run("exec", "client6", "ping6", "-c", "1", "-W", "3", "web6");
        assertEquals(0, byName.exitCode(), byName.out() + byName.err());
        assertTrue(byName.out().contains(WEB_IP6), "resolved through the embedded DNS's AAAA: " + byName.out());
        String aaaa = docker.run("exec", "client6", "nslookup", "-type=aaaa", "web6").ok().out();
        assertTrue(aaaa.contains(WEB_IP6), aaaa);
        assertEquals("hello from web6", httpGet("client6", WEB_IP6));
        assertEquals("hello from web6", httpGet("client6", "$(nslookup -type=aaaa web6 | awk '/^Address: /{print $2}' "
                + "| tail -n 1)"), "by name, over IPv6");
        String routes = docker.run("exec", "client6", "ip", "-6", "route", "show", "default").ok().out();
        assertTrue(routes.contains("via fd5a:5717:e2e::1"), routes);
        assertEquals("0 0", docker.run("exec", "client6", "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6",
                "/proc/sys/net/ipv6/conf/eth0/accept_ra").ok().out().strip().replace('\n', ' '));
    }

    @Test
    @Order(3)
    void portsPublishedOnIpv6LoopbackAnswerTheHost() throws Exception {
        assertEquals("hello from web6", curl("http://[::1]:" + loopbackPort + "/"));
        assertEquals("hello from web6", curl("http://[::1]:" + everyAddressPort + "/"),
                "-p PORT:80 publishes on both families");
        assertEquals("hello from web6", curl("http://127.0.0.1:" + everyAddressPort + "/"));
    }

    @Test
    @Order(4)
    void udpPortsPublishedOnIpv6LoopbackAnswerTheHost() throws Exception {
        int loopbackUdp = freeUdpPort();
        int everyAddressUdp = freeUdpPort();
        docker.run("create", "--name", "udp6", "--network", "wt6", "-p", "[::1]:" + loopbackUdp + ":5353/udp",
                "-p", everyAddressUdp + ":5353/udp", "busybox", "/udp-upper", "5353").ok();
        docker.run("cp", Attackers.compile("udp-upper", work).toString(), "udp6:/udp-upper").ok();
        docker.run("start", "udp6").ok();
        assertEquals("HELLO OVER UDP", udpExchange("::1", loopbackUdp, "hello over udp"));
        assertEquals("BOTH FAMILIES", udpExchange("::1", everyAddressUdp, "both families"));
        assertEquals("AND IPV4", udpExchange("127.0.0.1", everyAddressUdp, "and ipv4"));
        docker.run("rm", "-f", "udp6").ok();
        Docker.Result sctp = docker.run("run", "--rm", "--network", "wt6", "-p", "[::1]:" + loopbackUdp + ":80/sctp",
                "busybox", "true");
        assertTrue(sctp.exitCode() != 0 && sctp.err().contains("TCP and UDP only"), "SCTP on [::1] is still "
                + "refused: " + sctp.out() + sctp.err());
    }

    @Test
    @Order(5)
    void ipv6AuxiliaryAndLinkLocalAddresses() throws Exception {
        docker.run("network", "create", "--ipv6", "--subnet", "fd5a:5717:a0::/64", "--aux-address",
                "router6=fd5a:5717:a0::2", "wtaux").ok();
        String pools = inspect("network", "wtaux", "{{json .IPAM.Config}}");
        assertTrue(pools.contains("{\"Subnet\":\"fd5a:5717:a0::/64\",\"Gateway\":\"fd5a:5717:a0::1\","
                + "\"AuxiliaryAddresses\":{\"router6\":\"fd5a:5717:a0::2\"}}"), "in the IPv6 pool: " + pools);
        docker.run("run", "-d", "--name", "ll6", "--network", "wtaux", "--link-local-ip", "169.254.9.9",
                "--link-local-ip", "fe80::9:9", "busybox", "sleep", "600").ok();
        assertEquals("fd5a:5717:a0::3", inspect("container", "ll6",
                "{{(index .NetworkSettings.Networks \"wtaux\").GlobalIPv6Address}}"), "::2 is the router's");
        Docker.Result taken = docker.run("run", "--rm", "--network", "wtaux", "--ip6", "fd5a:5717:a0::2", "busybox",
                "true");
        assertNotEquals(0, taken.exitCode(), taken.out());
        String eth0 = docker.run("exec", "ll6", "ip", "addr", "show", "dev", "eth0").ok().out();
        assertTrue(eth0.contains("inet 169.254.9.9/16") && eth0.contains("inet6 fe80::9:9/64"), eth0);

        // network connect --link-local-ip: the address goes on the new interface, and a neighbour reaches it
        docker.run("network", "connect", "--link-local-ip", "fe80::a:a", "wt6", "ll6").ok();
        String eth1 = docker.run("exec", "ll6", "ip", "-6", "addr", "show", "dev", "eth1").ok().out();
        assertTrue(eth1.contains("inet6 fe80::a:a/64"), eth1);
        Docker.Result ping = docker.run("exec", "client6", "ping6", "-c", "1", "-W", "3", "-I", "eth0", "fe80::a:a");
        assertEquals(0, ping.exitCode(), ping.out() + ping.err());

        // on an IPv4-only network an IPv6 link-local address turns IPv6 on for that interface only
        docker.run("network", "create", "wtll4").ok();
        String v4only = docker.run("run", "--rm", "--network", "wtll4", "--link-local-ip", "fe80::4:4", "busybox",
                "ip", "-6", "addr", "show", "dev", "eth0").ok().out();
        assertTrue(v4only.contains("inet6 fe80::4:4/64"), v4only);
        Docker.Result bad = docker.run("run", "--rm", "--network", "wtll4", "--link-local-ip", "fe80::zz", "busybox",
                "true");
        assertNotEquals(0, bad.exitCode());
        docker.run("rm", "-f", "ll6").ok();
        docker.run("network", "rm", "wtaux", "wtll4").ok();
    }

    @Test
    @Order(6)
    void aContainerOnAnotherNetworkCannotReachItOverIpv6() throws Exception {
        docker.run("network", "create", "--ipv6", "wt6other").ok();
        String other = inspect("network", "wt6other", "{{range .IPAM.Config}}{{.Subnet}} {{end}}");
        assertTrue(other.matches(".* fd[0-9a-f]{2}:[0-9a-f:]*::/64"), "a /64 of the ULA prefix: " + other);
        docker.run("run", "-d", "--name", "intruder6", "--network", "wt6other", "busybox", "sleep", "600").ok();
        Docker.Result ping = docker.run("exec", "intruder6", "ping6", "-c", "1", "-W", "2", WEB_IP6);
        assertNotEquals(0, ping.exitCode(), ping.out());
        Docker.Result get = docker.run("exec", "intruder6", "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | "
                + "nc -w 2 " + WEB_IP6 + " 80");
        assertTrue(!get.out().contains("hello"), get.out());
        assertNotEquals(0, get.exitCode(), get.out());
        // its own network works: the gateway answers
        String gateway = other.strip().split(" ")[1].replace("::/64", "::1");
        Docker.Result own = docker.run("exec", "intruder6", "ping6", "-c", "1", "-W", "3", gateway);
        assertEquals(0, own.exitCode(), own.out() + own.err());
    }

    @Test
    @Order(7)
    void ipv4OnlyNetworksKeepIpv6OffInTheContainer() throws Exception {
        docker.run("network", "create", "wt4").ok();
        docker.run("run", "-d", "--name", "plain4", "--network", "wt4", "busybox", "sleep", "600").ok();
        assertEquals("1", docker.run("exec", "plain4", "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6").ok()
                .out().strip());
        assertEquals("", docker.run("exec", "plain4", "ip", "-6", "addr", "show", "dev", "eth0").ok().out().strip());
        Docker.Result ip6 = docker.run("run", "--rm", "--network", "wt4", "--ip6", "fd5a:5717:e2e::99", "busybox",
                "true");
        assertNotEquals(0, ip6.exitCode());
        assertEquals("false", inspect("network", "bridge", "{{.EnableIPv6}}"), "off by default, as Docker");
        docker.run("rm", "-f", "web6", "client6", "intruder6", "plain4").ok();
        docker.run("network", "rm", "wt6", "wt6other", "wt4").ok();
    }

    @Test
    @Order(8)
    void anIpv6OnlyNetworkGivesContainersIpv6AddressesOnly() throws Exception {
        Docker.Result neither = docker.run("network", "create", "--ipv4=false", "wtnone");
        assertTrue(neither.exitCode() != 0 && neither.err().contains("IPv4 or IPv6 must be enabled"), neither.err());
        docker.run("network", "create", "--ipv6", "--ipv4=false", "--subnet", ONLY6_SUBNET, "wt6only").ok();
        assertEquals("false true", inspect("network", "wt6only", "{{.EnableIPv4}} {{.EnableIPv6}}"));
        assertEquals(ONLY6_SUBNET + " " + ONLY6_GATEWAY + ";", inspect("network", "wt6only",
                "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}};{{end}}"));

        only6LoopbackPort = freePort();
        only6EveryAddressPort = freePort();
        docker.run("run", "-d", "--name", "web6only", "--hostname", "web6only", "--network", "wt6only",
                "-p", "[::1]:" + only6LoopbackPort + ":80", "-p", only6EveryAddressPort + ":80", "busybox", "sh", "-c",
                HTTPD).ok();
        docker.run("run", "-d", "--name", "client6only", "--dns-search", ".", "--network", "wt6only", "busybox",
                "sleep", "600").ok();
        String web = inspect("container", "web6only", "{{.NetworkSettings.IPAddress}}|{{with index "
                + ".NetworkSettings.Networks \"wt6only\"}}{{.IPAddress}}|{{.Gateway}}|{{.GlobalIPv6Address}}|"
                + "{{.IPv6Gateway}}|{{.MacAddress}}{{end}}");
        assertTrue(web.matches("\\|\\|\\|fd5a:5717:6::2\\|" + ONLY6_GATEWAY + "\\|[0-9a-f][26ae](:[0-9a-f]{2}){5}"),
                "no IPv4 address nor gateway, a random local MAC: " + web);
        String ports = inspect("container", "web6only", "{{json .NetworkSettings.Ports}}");
        assertTrue(ports.contains("{\"HostIp\":\"::\",\"HostPort\":\"" + only6EveryAddressPort + "\"}")
                && !ports.contains("0.0.0.0"), "published on IPv6 only: " + ports);
        String members = inspect("network", "wt6only",
                "{{range .Containers}}{{.IPv4Address}}/{{.IPv6Address}} {{end}}");
        assertTrue(members.contains("/fd5a:5717:6::2/64") && !members.matches(".*\\d+\\.\\d+\\.\\d+.*"), members);
    }

    @Test
    @Order(9)
    void onAnIpv6OnlyNetworkContainersReachEachOtherByNameAndTheEmbeddedDnsAnswersAaaa() throws Exception {
        Docker.Result ping = docker.run("exec", "client6only", "ping", "-6", "-c", "1", "-W", "3", "web6only");
        assertEquals(0, ping.exitCode(), ping.out() + ping.err());
        assertTrue(ping.out().contains("fd5a:5717:6::2"), ping.out());
        String aaaa = docker.run("exec", "client6only", "nslookup", "-type=aaaa", "web6only").ok().out();
        assertTrue(aaaa.contains("Address: fd5a:5717:6::2"), aaaa);
        Docker.Result a = docker.run("exec", "client6only", "nslookup", "-type=a", "web6only");
        assertTrue(!(a.out() + a.err()).matches("(?s).*Address:\\s*\\d+\\.\\d+\\.\\d+\\.\\d+.*")
                && !(a.out() + a.err()).contains("NXDOMAIN"), "the name exists, without an A record: " + a.out());
        assertEquals("hello from web6only", httpGet("client6only", "$(nslookup -type=aaaa web6only "
                + "| awk '/^Address: /{print $2}' | tail -n 1)"));
        String resolvConf = docker.run("exec", "client6only", "cat", "/etc/resolv.conf").ok().out();
        assertTrue(resolvConf.contains("nameserver " + ONLY6_GATEWAY + "\n"), resolvConf);
        String hosts = docker.run("exec", "web6only", "cat", "/etc/hosts").ok().out();
        assertTrue(hosts.contains("fd5a:5717:6::2\tweb6only\n"), hosts);
        assertEquals("", docker.run("exec", "client6only", "ip", "-4", "addr", "show", "dev", "eth0").ok().out()
                .strip());
        String routes = docker.run("exec", "client6only", "ip", "-6", "route", "show", "default").ok().out();
        assertTrue(routes.contains("via " + ONLY6_GATEWAY), routes);

        // an IPv4 network beside it carries the IPv4 default route
        docker.run("network", "create", "wt4beside").ok();
        String gateway4 = inspect("network", "wt4beside", "{{range .IPAM.Config}}{{.Gateway}}{{end}}");
        docker.run("network", "connect", "wt4beside", "client6only").ok();
        String v4 = docker.run("exec", "client6only", "ip", "-4", "route", "show", "default").ok().out();
        assertTrue(v4.contains("via " + gateway4 + " "), v4);
        routes = docker.run("exec", "client6only", "ip", "-6", "route", "show", "default").ok().out();
        assertTrue(routes.contains("via " + ONLY6_GATEWAY), routes);
    }

    @Test
    @Order(10)
    void joiningADualStackNetworkFromAnIpv6OnlyOneAddsTheIpv4DefaultRouteAndDisconnectMovesIpv6() throws Exception {
        docker.run("network", "create", "--ipv6", "--subnet", DUAL_SUBNET, "wt6dual").ok();
        String gateway4 = inspect("network", "wt6dual", "{{range .IPAM.Config}}{{.Gateway}} {{end}}").split(" ")[0];
        docker.run("run", "-d", "--name", "roam6", "--network", "wt6only", "busybox", "sleep", "600").ok();
        docker.run("network", "connect", "wt6dual", "roam6").ok();
        assertTrue(defaultRoute("roam6", "-4").contains("via " + gateway4 + " dev eth1"), "IPv4 through the "
                + "dual-stack network, which the IPv6-only one does not give");
        assertTrue(defaultRoute("roam6", "-6").contains("via " + ONLY6_GATEWAY + " dev eth0"), "IPv6 stays");

        docker.run("network", "disconnect", "wt6only", "roam6").ok();
        assertTrue(defaultRoute("roam6", "-6").contains("via " + DUAL_GATEWAY6 + " dev eth1"), "IPv6 moves");
        assertTrue(defaultRoute("roam6", "-4").contains("via " + gateway4 + " dev eth1"), "IPv4 stays");
        docker.run("rm", "-f", "roam6").ok();
        docker.run("network", "rm", "wt6dual").ok();
    }

    @Test
    @Order(11)
    void theEmbeddedDnsAnswersReverseLookupsOfIpv6Addresses() throws Exception {
        String reverse = docker.run("exec", "client6only", "nslookup", "fd5a:5717:6::2").ok().out();
        assertTrue(reverse.contains("ip6.arpa") && reverse.contains("name = web6only.wt6only"), reverse);
    }

    @Test
    @Order(12)
    void anIpv6OnlyNetworkPublishesOnIpv6OnlyAndLeavesNothingBehind() throws Exception {
        assertEquals("hello from web6only", curl("http://[::1]:" + only6LoopbackPort + "/"));
        assertEquals("hello from web6only", curl("http://[::1]:" + only6EveryAddressPort + "/"));
        assertTrue(refused("http://127.0.0.1:" + only6EveryAddressPort + "/"), "no IPv4 to forward to");
        String bridge = "br-" + inspect("network", "wt6only", "{{.Id}}").substring(0, 12);
        String table = host("nft", "list", "table", "inet", DAEMON.wharfd().nftTable());
        assertTrue(table.contains("dnat ip6 to [fd5a:5717:6::2]:80"), table);
        docker.run("rm", "-f", "web6only", "client6only").ok();
        docker.run("network", "rm", "wt6only", "wt4beside").ok();
        assertTrue(!host("ip", "link", "show").contains(bridge + ":"), "the bridge goes");
        String after = host("nft", "list", "table", "inet", DAEMON.wharfd().nftTable());
        assertTrue(!after.contains("fd5a:5717:6:") && !after.contains(bridge), after);
        assertTrue(refused("http://[::1]:" + only6LoopbackPort + "/"), "the [::1] listener goes too");
    }

    /** Whether one attempt to fetch {@code url} from the host fails to connect. */
    private static boolean refused(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-s", "-g", "-m", "3", url).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() != 0;
    }

    private static String host(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String defaultRoute(String container, String family) throws Exception {
        return docker.run("exec", container, "ip", family, "route", "show", "default").ok().out();
    }

    private static String inspect(String kind, String name, String format) throws Exception {
        return docker.run(kind, "inspect", "-f", format, name).ok().out().strip();
    }

    /**
     * The last line of http://[ADDRESS]/ fetched inside a container with nc (busybox's static wget crashes in
     * glibc's resolver), retried while httpd starts; ADDRESS may be a shell expression.
     */
    private static String httpGet(String container, String address) throws Exception {
        String script = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + address + " 80 | tail -n 1";
        Docker.Result r = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            r = docker.run("exec", container, "sh", "-c", script);
            if (r.exitCode() == 0 && !r.out().isBlank()) {
                return r.out().strip();
            }
            Thread.sleep(200);
        }
        return r.err() + r.out();
    }

    private static String curl(String url) throws IOException, InterruptedException {
        String last = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            Process p = new ProcessBuilder("curl", "-s", "-g", "-m", "5", url).redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                return last;
            }
            Thread.sleep(200);
        }
        return "curl failed: " + last;
    }

    /** Sends {@code text} to host:port over UDP and returns the answer, retried while the server starts. */
    private static String udpExchange(String host, int port, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getByName(host))) {
            client.setSoTimeout(500);
            for (int attempt = 0; attempt < 20; attempt++) {
                client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), port));
                DatagramPacket answer = new DatagramPacket(new byte[100], 100);
                try {
                    client.receive(answer);
                    return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
                } catch (SocketTimeoutException notYet) {
                    // the server may not be listening yet
                }
            }
        }
        return "no answer from " + host + ":" + port;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("::"))) {
            return s.getLocalPort();
        }
    }

    /** A port free on both loopbacks now (the daemon probes it again when it publishes). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::"))) {
            return s.getLocalPort();
        }
    }
}
