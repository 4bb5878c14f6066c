package io.wharf.itest;

import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The distribution's bundle set booted in Pax Exam's Felix, configured as wharfd's launcher configures it but on a
 * test's own paths, bridge and nftables table; and plain HTTP over its unix socket (java.* only, so the probe
 * imports nothing for it).
 */
final class WharfFramework {
    static final long WAIT_MS = 20_000;
    private static final String SOCKET_PROPERTY = "wharf.itest.socket";

    final Path work;
    final String bridge;

    WharfFramework(Path work, String bridge) {
        this.work = work;
        this.bridge = bridge;
    }

    Path dataRoot() {
        return work.resolve("data");
    }

    Path execRoot() {
        return work.resolve("exec");
    }

    /** The Pax Exam options: every jar of the distribution at its start level, FileInstall on the test's folder. */
    Option[] options() throws IOException {
        Path dist = Path.of(System.getProperty("wharf.distribution", "target/wharf"));
        List<Option> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Stream<Path> levels = Files.list(dist.resolve("bundles")).sorted()) {
            for (Path level : levels.toList()) {
                int startLevel = Integer.parseInt(level.getFileName().toString());
                try (Stream<Path> jars = Files.list(level).sorted()) {
                    for (Path jar : jars.toList()) {
                        if (seen.add(jar.getFileName().toString())) {
                            options.add(bundle(jar.toUri().toString()).startLevel(startLevel).start());
                        }
                    }
                }
            }
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        options.add(frameworkStartLevel(10));
        options.add(frameworkProperty("felix.fileinstall.dir").value(work.resolve("plugins").toString()));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(systemProperty(SOCKET_PROPERTY).value(work.resolve("wharf.sock").toString()));
        return options.toArray(new Option[0]);
    }

    /** What wharfd's launcher does at startup: the daemon's configurations. */
    void configure(BundleContext context, boolean nftables) throws Exception {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker =
                new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        tracker.open();
        try {
            ConfigurationAdmin admin = tracker.waitForService(WAIT_MS);
            assertNotNull("ConfigAdmin runs", admin);
            String data = dataRoot().toString();
            String exec = execRoot().toString();
            configure(admin, "io.wharf.api", "hosts", new String[] {"unix://" + socket()});
            configure(admin, "io.wharf.daemon", "dataRoot", data, "execRoot", exec);
            configure(admin, "io.wharf.storage", "dataRoot", data);
            configure(admin, "io.wharf.network", "dataRoot", data, "execRoot", exec, "bridge", bridge,
                    "iptables", nftables);
            configure(admin, "io.wharf.registry", "dataRoot", data);
            configure(admin, "io.wharf.runtime", "dataRoot", data, "execRoot", exec);
            configure(admin, "io.wharf.engine");
        } finally {
            tracker.close();
        }
    }

    private static void configure(ConfigurationAdmin admin, String pid, Object... keyValues) throws IOException {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        admin.getConfiguration(pid, "?").updateIfDifferent(properties);
    }

    /** The nftables table the network bundle owns for this exec root (named as wharfd names it). */
    String nftTable() throws java.security.NoSuchAlgorithmException {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(execRoot().toString().getBytes(StandardCharsets.UTF_8));
        return "wharf_" + java.util.HexFormat.of().formatHex(hash).substring(0, 8);
    }

    /** Removes what the engine leaves on the host by design: its default bridge and its nftables table. */
    void removeHostNetworking() throws Exception {
        run("ip", "link", "del", bridge);
        run("nft", "delete", "table", "inet", nftTable());
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static Path socket() {
        return Path.of(System.getProperty(SOCKET_PROPERTY));
    }

    /** HTTP status of a GET over the daemon's unix socket; waits for the socket to appear. */
    static int status(String path) throws Exception {
        return request("GET", path, null).status();
    }

    record Reply(int status, String text) {
    }

    /** One request with {@code Connection: close}; the reply's status and its whole text (headers and body). */
    static Reply request(String method, String path, String jsonBody) throws Exception {
        Path socket = socket();
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!Files.exists(socket) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + (jsonBody == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(body));
            String text = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                // what a client sees when the listener is closed under its request (the REST bundle's swap)
                throw new IOException("connection closed without a reply: " + text);
            }
            return new Reply(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
