package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedUnixSocketTest {
    @TempDir
    Path dir;

    @Test
    void boundWhereOnlyRootCanEnterThenMovedIntoPlaceWithMode0660() throws Exception {
        Path target = dir.resolve("api.sock");
        Path stale = Files.createDirectories(dir.resolve(".api.sock.bind"));
        Files.writeString(stale.resolve("api.sock"), "left by a daemon that died while starting");
        StagedUnixSocket staged = StagedUnixSocket.prepare(target);
        Path staging = staged.bindPath().getParent();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(staging)));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(staged.bindPath()));
            assertTrue(Files.notExists(target), "nothing at the socket's path before it has its mode");
            staged.publish(null);
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            assertTrue(Files.notExists(staging));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(target))) {
                assertTrue(client.isConnected(), "the renamed socket still accepts");
            }
        }
    }

    @Test
    void aLongPathStillFitsWhenStaged() throws Exception {
        String name = "s".repeat(107 - dir.toString().length() - 1);
        StagedUnixSocket staged = StagedUnixSocket.prepare(dir.resolve(name));
        assertEquals("s", staged.bindPath().getFileName().toString());
    }
}
