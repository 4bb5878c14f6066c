package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.EndpointInfo;
import io.wharf.api.network.EndpointSpec;
import io.wharf.api.network.NetworkDriver;
import io.wharf.api.network.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link NetworkDriver} must do for the network service (the calls of libnetwork's remote driver
 * protocol), on the real host: containers are stood in for by {@code unshare --net} namespaces, networks use free
 * 10.214.x.0/24 subnets. Needs root, {@code unshare}, {@code nsenter}, {@code ip} and {@code /bin/busybox}. A
 * driver's test extends this class, says how to open the driver on a state directory, and may add the driver
 * options its networks need ({@link #options}). After each test a fresh driver restores an empty state, which
 * must remove everything the driver made.
 */
public abstract class NetworkDriverContract {
    @TempDir
    protected Path state;

    protected NetworkDriver driver;
    private final List<Process> sandboxes = new ArrayList<>();
    private final List<Integer> subnets = new ArrayList<>();

    /** Opens the driver under test, keeping its state under {@code state} if it keeps any. */
    protected abstract NetworkDriver open(Path state) throws IOException;

    /** Driver options for a new network (e.g. the bridge driver's interface name); none by default. */
    protected Map<String, String> options(String networkId) {
        return Map.of();
    }

    @BeforeEach
    void openDriver() throws IOException {
        driver = open(state);
    }

    @AfterEach
    void removeEverything() throws IOException, InterruptedException {
        try {
            open(state).restore(List.of(), List.of());
        } finally {
            for (Process sandbox : sandboxes) {
                sandbox.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aJoinedEndpointIsInItsNamespaceUntilItLeaves() throws Exception {
        assertFalse(driver.name() == null || driver.name().isBlank());
        NetworkSpec network = createNetwork();
        Process sandbox = sandbox();
        EndpointSpec endpoint = endpoint(network, sandbox, 2);
        EndpointInfo info = driver.join(endpoint);
        assertNotNull(info);
        if (driver.needsAddresses()) {
            assertEquals(endpoint.ipv4Address(), info.ipv4Address());
            assertTrue(addresses(sandbox).contains(endpoint.ipv4Address() + "/24"), addresses(sandbox));
        } else {
            assertFalse(addresses(sandbox).contains("10.214."), "an addressless driver gave an address");
        }
        driver.leave(network.id(), endpoint.endpointId());
        assertFalse(addresses(sandbox).contains(endpoint.ipv4Address() + "/"), "the interface stayed");
        driver.deleteNetwork(network.id());
    }

    @Test
    void endpointsOfOneNetworkReachEachOtherAndRouteThroughTheGateway() throws Exception {
        if (!driver.needsAddresses()) {
            return; // host and null plug nothing in
        }
        NetworkSpec network = createNetwork();
        Process first = sandbox();
        Process second = sandbox();
        EndpointSpec one = endpoint(network, first, 2);
        EndpointSpec other = endpoint(network, second, 3);
        driver.join(one);
        driver.join(other);
        String route = run("nsenter", "--net=/proc/" + first.pid() + "/ns/net", "ip", "-4", "route");
        assertTrue(route.contains("default via " + network.ipam().get(0).gateway()), route);
        assertEquals(0, exitCode("nsenter", "--net=/proc/" + first.pid() + "/ns/net",
                "/bin/busybox", "ping", "-c", "1", "-W", "3", other.ipv4Address()), "no reply from the other endpoint");
        driver.leave(network.id(), one.endpointId());
        driver.leave(network.id(), other.endpointId());
        driver.deleteNetwork(network.id());
    }

    @Test
    void leavingAfterTheContainerDiedIsNotAnError() throws Exception {
        NetworkSpec network = createNetwork();
        Process sandbox = sandbox();
        EndpointSpec endpoint = endpoint(network, sandbox, 2);
        driver.join(endpoint);
        sandbox.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        driver.leave(network.id(), endpoint.endpointId());
        driver.deleteNetwork(network.id());
    }

    @Test
    void leavingOrDeletingWhatIsAlreadyGoneIsNotAnError() throws Exception {
        NetworkSpec network = createNetwork();
        EndpointSpec endpoint = endpoint(network, sandbox(), 2);
        driver.join(endpoint);
        driver.leave(network.id(), endpoint.endpointId());
        assertDoesNotThrow(() -> driver.leave(network.id(), endpoint.endpointId()));
        driver.deleteNetwork(network.id());
        assertDoesNotThrow(() -> driver.deleteNetwork(network.id()));
    }

    @Test
    void joiningANetworkTheDriverDoesNotHaveIsNotFound() throws Exception {
        if (!driver.needsAddresses()) {
            return; // host and null keep no networks: any network ID is theirs
        }
        NetworkSpec network = createNetwork();
        driver.deleteNetwork(network.id());
        EngineException e = assertThrows(EngineException.class, () -> driver.join(endpoint(network, sandbox(), 2)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
    }

    @Test
    void restoreTakesTheListedStateAsTheWholeTruth() throws Exception {
        NetworkSpec network = createNetwork();
        Process unlisted = sandbox();
        driver.join(endpoint(network, unlisted, 2));

        NetworkDriver restarted = open(state); // a daemon restart: a new driver on the same state
        restarted.restore(List.of(network), List.of());
        if (driver.needsAddresses()) {
            assertFalse(addresses(unlisted).contains("10.214."), "an endpoint not listed stayed plugged in");
        }
        Process listed = sandbox();
        EndpointSpec kept = endpoint(network, listed, 3);
        restarted.join(kept); // the listed network works after the restore
        restarted.restore(List.of(network), List.of(kept)); // restoring what exists changes nothing
        if (driver.needsAddresses()) {
            assertTrue(addresses(listed).contains(kept.ipv4Address() + "/24"), addresses(listed));
        }
        restarted.leave(network.id(), kept.endpointId());
        restarted.deleteNetwork(network.id());
    }

    /** A network with a free 10.214.x.0/24 subnet (gateway .1), made by the driver under test. */
    protected NetworkSpec createNetwork() throws IOException, InterruptedException {
        int third = freeSubnet();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "e".repeat(48);
        NetworkSpec spec = new NetworkSpec(id, "contract-" + id.substring(0, 8), driver.name(), false, false,
                List.of(new NetworkSpec.IpamConfig("10.214." + third + ".0/24", null, "10.214." + third + ".1")),
                options(id), Map.of());
        driver.createNetwork(spec);
        return spec;
    }

    private static EndpointSpec endpoint(NetworkSpec network, Process sandbox, int host) {
        String subnet = network.ipam().get(0).subnet();
        String address = subnet.substring(0, subnet.lastIndexOf('.') + 1) + host;
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "d".repeat(48);
        return new EndpointSpec(network.id(), id, "contract-container", "/proc/" + sandbox.pid() + "/ns/net",
                "eth0", address, 24, network.ipam().get(0).gateway(), null, List.of(), List.of());
    }

    /** A stand-in for a container: a sleep in a network namespace of its own. */
    private Process sandbox() throws IOException, InterruptedException {
        Process sleeper = new ProcessBuilder("unshare", "--net", "/bin/busybox", "sleep", "120")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        sandboxes.add(sleeper);
        Path own = Path.of("/proc/" + sleeper.pid() + "/ns/net");
        Path host = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!sleeper.isAlive() || Files.readSymbolicLink(own).equals(host)) {
            if (System.nanoTime() > deadline || !sleeper.isAlive()) {
                throw new IOException("unshare --net did not start");
            }
            Thread.sleep(5);
        }
        return sleeper;
    }

    private static String addresses(Process sandbox) throws IOException, InterruptedException {
        return run("nsenter", "--net=/proc/" + sandbox.pid() + "/ns/net", "ip", "-4", "-o", "addr");
    }

    private int freeSubnet() throws IOException, InterruptedException {
        String inUse = run("ip", "-4", "route") + run("ip", "-4", "addr");
        int start = ThreadLocalRandom.current().nextInt(256);
        for (int i = 0; i < 256; i++) {
            int third = (start + i) % 256;
            if (!inUse.contains("10.214." + third + ".") && !subnets.contains(third)) {
                subnets.add(third);
                return third;
            }
        }
        throw new IllegalStateException("no free 10.214.x.0/24");
    }

    private static int exitCode(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }
}
