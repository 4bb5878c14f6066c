package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker network connect and disconnect of running containers through the real docker CLI: the container's
 * resolv.conf follows its networks (also for a container sharing its namespace), names resolve on every network
 * it is on, and its default route moves when the network that held it is disconnected. Every lookup is of a
 * name the embedded DNS knows, with no search domains, so nothing is forwarded off this machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkConnectEndToEndIT {
    /** A busybox web server answering "hello from HOSTNAME". */
    private static final String HTTPD = "mkdir -p /www && echo hello from $(hostname) > /www/index.html "
            + "&& exec httpd -f -p 80 -h /www";
    @RegisterExtension
    static final BusyboxDaemon DAEMON = new BusyboxDaemon("netconnect");
    private static Docker docker;

    @BeforeEach
    void client() {
        docker = DAEMON.docker();
    }

    @Test
    @Order(1)
    void aContainerStartedOnTheDefaultBridgeResolvesTheNamesOfANetworkItJoins() throws Exception {
        docker.run("network", "create", "wtfront").ok();
        docker.run("run", "-d", "--name", "web", "--network", "wtfront", "busybox", "sh", "-c", HTTPD).ok();
        docker.run("run", "-d", "--name", "client", "--dns-search", ".", "busybox", "sleep", "600").ok();
        // started before the connect, in the client's namespace: it shares the client's resolv.conf
        docker.run("run", "-d", "--name", "sidecar", "--network", "container:client", "busybox", "sleep", "600").ok();
        String front = gateway("wtfront");
        String bridge = gateway("bridge");
        assertFalse(resolvConf("client").contains("nameserver " + front));

        docker.run("network", "connect", "wtfront", "client").ok();
        assertTrue(resolvConf("client").contains("nameserver " + front + "\n"), resolvConf("client"));
        assertTrue(resolvConf("sidecar").contains("nameserver " + front + "\n"), resolvConf("sidecar"));
        assertTrue(fetch("client", "web").startsWith("hello from "));
        assertTrue(fetch("sidecar", "web").startsWith("hello from "));
        assertEquals(bridge, defaultGateway("client"), "the first network keeps the default route");

        docker.run("network", "disconnect", "wtfront", "client").ok();
        assertFalse(resolvConf("client").contains("nameserver " + front), resolvConf("client"));
        assertFalse(resolvConf("sidecar").contains("nameserver " + front), resolvConf("sidecar"));
        docker.run("rm", "-f", "sidecar").ok();
    }

    @Test
    @Order(2)
    void theDefaultRouteMovesWhenItsNetworkIsDisconnected() throws Exception {
        docker.run("network", "connect", "wtfront", "client").ok();
        docker.run("network", "disconnect", "bridge", "client").ok();
        assertEquals(gateway("wtfront"), defaultGateway("client"));
        assertTrue(fetch("client", "web").startsWith("hello from "));

        docker.run("network", "connect", "bridge", "client").ok();
        assertEquals(gateway("wtfront"), defaultGateway("client"), "a later network does not take it");
        docker.run("network", "disconnect", "wtfront", "client").ok();
        assertEquals(gateway("bridge"), defaultGateway("client"));
    }

    @Test
    @Order(3)
    void namesResolveOnEveryUserNetworkOfTheContainer() throws Exception {
        docker.run("network", "create", "wtback").ok();
        docker.run("run", "-d", "--name", "db", "--network", "wtback", "--network-alias", "store", "busybox", "sh",
                "-c", HTTPD).ok();
        docker.run("run", "-d", "--name", "app", "--dns-search", ".", "--network", "wtfront", "busybox", "sleep",
                "600").ok();
        docker.run("network", "connect", "wtback", "app").ok();
        assertTrue(resolvConf("app").contains("nameserver " + gateway("wtfront") + "\n"), resolvConf("app"));
        assertTrue(fetch("app", "web").startsWith("hello from "));
        assertTrue(fetch("app", "store").startsWith("hello from "), "a name of the second network");

        docker.run("network", "disconnect", "wtfront", "app").ok();
        assertTrue(resolvConf("app").contains("nameserver " + gateway("wtback") + "\n"), resolvConf("app"));
        assertTrue(fetch("app", "db").startsWith("hello from "));
        docker.run("rm", "-f", "app", "db", "web", "client").ok();
        docker.run("network", "rm", "wtfront", "wtback").ok();
    }

    @Test
    @Order(4)
    void linkLocalAddressesAreGivenAndCarryTraffic() throws Exception {
        docker.run("network", "create", "wtlocal").ok();
        docker.run("run", "-d", "--name", "ll1", "--network", "wtlocal", "--link-local-ip", "169.254.8.8", "busybox",
                "sleep", "600").ok();
        docker.run("run", "-d", "--name", "ll2", "--network", "wtlocal", "busybox", "sleep", "600").ok();
        docker.run("network", "disconnect", "wtlocal", "ll2").ok();
        docker.run("network", "connect", "--link-local-ip", "169.254.8.9", "wtlocal", "ll2").ok();
        String addresses = docker.run("exec", "ll1", "ip", "-o", "-4", "addr", "show", "eth0").ok().out();
        assertTrue(addresses.contains(" 169.254.8.8/16 "), addresses);
        assertEquals("[169.254.8.9]", docker.run("inspect", "-f",
                "{{(index .NetworkSettings.Networks \"wtlocal\").IPAMConfig.LinkLocalIPs}}", "ll2").ok().out().strip());
        Docker.Result ping = docker.run("exec", "ll2", "ping", "-c", "1", "-W", "2", "169.254.8.8");
        assertEquals(0, ping.exitCode(), ping.out() + ping.err());
        // an IPv6 one too, even on the IPv4-only default bridge (Ipv6NetworkEndToEndIT sends traffic to them)
        docker.run("network", "connect", "--link-local-ip", "fe80::8", "bridge", "ll2").ok();
        String v6 = docker.run("exec", "ll2", "ip", "-o", "-6", "addr", "show", "eth1").ok().out();
        assertTrue(v6.contains(" fe80::8/64 "), v6);
        docker.run("rm", "-f", "ll1", "ll2").ok();
        docker.run("network", "rm", "wtlocal").ok();
    }

    private static String gateway(String network) throws Exception {
        return docker.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", network).ok().out()
                .strip();
    }

    private static String resolvConf(String container) throws Exception {
        return docker.run("exec", container, "cat", "/etc/resolv.conf").ok().out();
    }

    private static String defaultGateway(String container) throws Exception {
        String routes = docker.run("exec", container, "ip", "route", "show", "default").ok().out();
        String[] f = routes.strip().split("\\s+");
        return f.length >= 3 && f[0].equals("default") && f[1].equals("via") ? f[2] : routes;
    }

    /** The page a container gets for http://NAME/ through its own resolv.conf, retried while httpd starts. */
    private static String fetch(String container, String name) throws Exception {
        String script = TestImages.httpGetScript(name);
        Docker.Result r = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            r = docker.run("exec", container, "sh", "-c", script);
            if (r.exitCode() == 0) {
                return r.out();
            }
            Thread.sleep(200);
        }
        return r.err() + r.out();
    }
}
