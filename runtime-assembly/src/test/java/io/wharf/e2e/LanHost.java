package io.wharf.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Another host on this machine's network, made by the test: a network namespace behind a veth pair whose host
 * end has {@code PREFIX.1/30} and whose inner end has {@code PREFIX.2/30}, with its default route through this
 * host. It plays an upstream server or a machine on the LAN; closing it deletes the namespace and the pair.
 */
final class LanHost implements AutoCloseable {
    private final String namespace = "wtns" + Long.toHexString(System.nanoTime() & 0xffffff);
    private final String hostSide = namespace + "h";
    final String hostAddress;
    final String address;

    /** @param prefix the first three octets of an unused /30, for example {@code 10.250.77} */
    LanHost(String prefix) throws Exception {
        hostAddress = prefix + ".1";
        address = prefix + ".2";
        try {
            runAll(new String[][] {{"ip", "netns", "add", namespace},
                    {"ip", "link", "add", hostSide, "type", "veth", "peer", "name", "lan0", "netns", namespace},
                    {"ip", "addr", "add", hostAddress + "/30", "dev", hostSide}, {"ip", "link", "set", hostSide, "up"},
                    {"ip", "-n", namespace, "addr", "add", address + "/30", "dev", "lan0"},
                    {"ip", "-n", namespace, "link", "set", "lan0", "up"},
                    {"ip", "-n", namespace, "link", "set", "lo", "up"},
                    {"ip", "-n", namespace, "route", "add", "default", "via", hostAddress}});
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Makes 127.0.0.1 mean this host, as a hostile machine on the same link can: the namespace's loopback loses its
     * addresses, 127.0.0.1 is routed to the host, and replies from 127.0.0.1 are accepted on the link.
     */
    void routeLoopbackToHost() throws Exception {
        runAll(Stream.of(new String[][] {{"ip", "addr", "flush", "dev", "lo"},
                {"ip", "route", "add", "127.0.0.1/32", "via", hostAddress, "src", address},
                {"sh", "-c", "echo 1 > /proc/sys/net/ipv4/conf/lan0/route_localnet"}})
                .map(cmd -> inside(cmd).toArray(String[]::new)).toArray(String[][]::new));
    }

    private static void runAll(String[][] commands) throws Exception {
        for (String[] cmd : commands) {
            Docker.Result r = runHere(cmd);
            if (r.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + ": " + r.out());
            }
        }
    }

    /** Starts CMD inside the namespace (a server), output and errors merged. */
    Process start(String... cmd) throws Exception {
        return new ProcessBuilder(inside(cmd)).redirectErrorStream(true).start();
    }

    /** Runs CMD inside the namespace to its end. */
    Docker.Result run(String... cmd) throws Exception {
        return runHere(inside(cmd).toArray(String[]::new));
    }

    private List<String> inside(String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(List.of(cmd));
        return all;
    }

    @Override
    public void close() throws Exception {
        runHere("ip", "netns", "del", namespace);
        runHere("ip", "link", "del", hostSide); // gone with the namespace already, unless that failed
    }

    private static Docker.Result runHere(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Docker.Result(p.waitFor(), out, out);
    }
}
