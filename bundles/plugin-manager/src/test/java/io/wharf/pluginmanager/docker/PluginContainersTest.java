package io.wharf.pluginmanager.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.plugin.LegacyPlugin;
import io.wharf.api.plugin.PluginSockets;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.api.runtime.ContainerStatus;
import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.pluginmanager.PluginConfigs;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginContainersTest {
    private static final String ID = "0123456789ab" + "c".repeat(52);
    private static final PluginConfig CONFIG = PluginConfigs.read("""
            {"interface": {"types": ["docker.volumedriver/1.0"], "socket": "p.sock"}, "entrypoint": ["/x"]}"""
            .getBytes(StandardCharsets.UTF_8));
    @TempDir
    Path tmp;
    private final List<String> unregistered = new ArrayList<>();

    /** A driver that knows no container: stop has nothing to kill. */
    private static ExecutionDriver goneDriver() {
        return (ExecutionDriver) Proxy.newProxyInstance(ExecutionDriver.class.getClassLoader(),
                new Class<?>[] {ExecutionDriver.class}, (proxy, method, args) -> {
                    if (method.getName().equals("status")) {
                        return new ContainerStatus(ContainerStatus.State.GONE, 0, null, false);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private PluginContainers containers() throws IOException {
        return new PluginContainers(PluginContainersTest::goneDriver, new PluginSockets() {
            @Override
            public LegacyPlugin register(String name, Path socket, UnaryOperator<String> hostPath) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unregister(String name) {
                unregistered.add(name);
            }
        }, tmp.resolve("plugins"), new FakeMounts(tmp.resolve("mountinfo")).propagatedMounts());
    }

    private PluginContainers.Plugin plugin() {
        return new PluginContainers.Plugin(ID, "p", CONFIG, new PluginSpecs.HostPaths(tmp.resolve("rootfs"),
                tmp.resolve("plugins/0123456789ab"), tmp.resolve("propagated"), tmp.resolve("log")));
    }

    @Test
    void stopRemovesWhatThePluginLeftInItsSocketDirectoryWithoutFollowingLinks() throws IOException {
        PluginContainers containers = containers();
        Path socketDir = Files.createDirectories(containers.socketDir(ID).resolve("sub"));
        Path outside = Files.writeString(tmp.resolve("outside"), "keep");
        Files.writeString(socketDir.resolve("state"), "x");
        Files.createSymbolicLink(containers.socketDir(ID).resolve("link"), tmp);
        containers.stop(plugin());
        assertFalse(Files.exists(containers.socketDir(ID)));
        assertTrue(Files.exists(outside));
        assertTrue(unregistered.contains("p"));
    }

    @Test
    void aSocketThatIsALinkOrAFileIsRefused() throws IOException {
        Path real = tmp.resolve("real.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(real));
            PluginContainers.checkIsSocket(real);
            Path link = Files.createSymbolicLink(tmp.resolve("link.sock"), real);
            IOException e = assertThrows(IOException.class, () -> PluginContainers.checkIsSocket(link));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            Path file = Files.writeString(tmp.resolve("file.sock"), "");
            assertThrows(IOException.class, () -> PluginContainers.checkIsSocket(file));
        }
    }
}
