package io.wharf.plugins.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {
    @TempDir
    Path dir;

    private PluginDiscovery discovery() {
        return new PluginDiscovery(dir.resolve("run"), List.of(dir.resolve("etc"), dir.resolve("usr")));
    }

    private static ServerSocketChannel socketAt(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        return channel;
    }

    @Test
    void findsSocketsDirectlyAndInTheirOwnDirectory() throws IOException {
        try (var a = socketAt(dir.resolve("run/alpha.sock")); var b = socketAt(dir.resolve("run/beta/beta.sock"))) {
            assertEquals(URI.create("unix://" + dir.resolve("run/alpha.sock")),
                    discovery().find("alpha").orElseThrow().address());
            assertEquals(URI.create("unix://" + dir.resolve("run/beta/beta.sock")),
                    discovery().find("beta").orElseThrow().address());
            assertEquals(List.of("alpha", "beta"), discovery().scan());
        }
    }

    @Test
    void aRegularFileNamedLikeASocketIsNoPlugin() throws IOException {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/fake.sock"), "");
        assertTrue(discovery().find("fake").isEmpty());
        assertEquals(List.of(), discovery().scan());
    }

    @Test
    void readsSpecFilesInDirectoryOrder() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(dir.resolve("usr/gamma"));
        Files.writeString(dir.resolve("etc/gamma.spec"), "tcp://127.0.0.1:8080\n");
        Files.writeString(dir.resolve("usr/gamma/gamma.spec"), "tcp://127.0.0.1:9090");
        PluginAddress found = discovery().find("gamma").orElseThrow();
        assertEquals(URI.create("tcp://127.0.0.1:8080"), found.address());
        assertEquals(null, found.tls());
    }

    @Test
    void readsJsonSpecsWithTls() throws IOException {
        Files.createDirectories(dir.resolve("usr"));
        Files.writeString(dir.resolve("usr/delta.json"), """
                {"Name": "ignored", "Addr": "https://127.0.0.1:4443", "TLSConfig": {"CAFile": "/ca.pem"}}""");
        Files.writeString(dir.resolve("usr/eps.json"), """
                {"Addr": "https://127.0.0.1:4444", "TLSConfig": {}}""");
        PluginAddress delta = discovery().find("delta").orElseThrow();
        assertEquals("delta", delta.name());
        assertEquals(new PluginAddress.TlsOptions(false, "/ca.pem", null, null), delta.tls());
        assertTrue(discovery().find("eps").orElseThrow().tls().insecureSkipVerify(), "no CA file: not verified");
        assertEquals(List.of("delta", "eps"), discovery().scan());
    }

    @Test
    void aSpecWithoutSchemeIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/bad.spec"), "127.0.0.1:8080");
        Files.writeString(dir.resolve("etc/noaddr.json"), "{}");
        assertThrows(IOException.class, () -> discovery().find("bad"));
        assertThrows(IOException.class, () -> discovery().find("noaddr"));
    }

    @Test
    void namesCannotLeaveTheDirectories() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("secret.spec"), "tcp://127.0.0.1:1");
        assertTrue(discovery().find("../secret").isEmpty());
        assertTrue(discovery().find("").isEmpty());
        assertTrue(discovery().find("missing").isEmpty());
    }
}
