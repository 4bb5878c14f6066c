package io.wharf.containers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.containers.create.NetworkMode;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.store.Container;
import io.wharf.support.Times;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfFilesTest {
    @TempDir
    Path dir;
    private final AtomicReference<String> embedded = new AtomicReference<>();
    private ResolvConfFiles files;
    private Path hostFile;

    @BeforeEach
    void setUp() throws Exception {
        hostFile = dir.resolve("host-resolv.conf");
        Files.writeString(hostFile, "nameserver 192.0.2.53\nsearch example.org\n");
        files = new ResolvConfFiles(hostFile, c -> embedded.get());
    }

    private Container container(HostConfig hc, boolean running) throws Exception {
        ContainerRecord record = new ContainerRecord("c".repeat(64), Times.rfc3339Nano(Instant.now()), "/web", "sh",
                new ArrayList<>(), new ContainerConfigJson(), null, "", "", new ArrayList<>(), new LinkedHashMap<>());
        Path containerDir = Files.createDirectories(dir.resolve("containers").resolve(record.id));
        Container c = new Container(record, hc, containerDir);
        record.useEtcFiles(null, null, containerDir.resolve("resolv.conf"));
        if (running) {
            c.nextRunGeneration();
            c.changeState(s -> s.started(42, Times.rfc3339Nano(Instant.now()), false));
        }
        return c;
    }

    private static HostConfig bridge() {
        HostConfig hc = new HostConfig();
        hc.networkMode = "bridge";
        return hc;
    }

    private static Path resolv(Container c) {
        return Path.of(c.record().resolvConfPath());
    }

    @Test
    void connectingToANetworkWithDnsPointsTheSameFileAtItAndDisconnectingRestoresTheHosts() throws Exception {
        Container c = container(bridge(), true);
        files.writeAtStart(c, NetworkMode.parse("bridge"), resolv(c));
        Object inode = Files.getAttribute(resolv(c), "unix:ino");
        assertTrue(Files.readString(resolv(c)).startsWith("nameserver 192.0.2.53\n"));

        embedded.set("172.20.0.1");
        files.refresh(c);
        assertEquals("nameserver 172.20.0.1\nsearch example.org\n", Files.readString(resolv(c)));
        assertEquals(inode, Files.getAttribute(resolv(c), "unix:ino"), "the bind-mounted inode is kept");

        embedded.set(null);
        files.refresh(c);
        assertEquals("nameserver 192.0.2.53\nsearch example.org\n", Files.readString(resolv(c)));
    }

    @Test
    void aFileChangedInsideTheContainerIsLeftAlone() throws Exception {
        Container c = container(bridge(), true);
        files.writeAtStart(c, NetworkMode.parse("bridge"), resolv(c));
        Files.writeString(resolv(c), "nameserver 10.9.9.9\n");
        embedded.set("172.20.0.1");
        files.refresh(c);
        assertEquals("nameserver 10.9.9.9\n", Files.readString(resolv(c)));
    }

    @Test
    void dnsOptionsOfTheContainerWinOverTheEmbeddedServer() throws Exception {
        HostConfig hc = bridge();
        hc.dns = List.of("10.1.1.1");
        Container c = container(hc, true);
        embedded.set("172.20.0.1");
        files.writeAtStart(c, NetworkMode.parse("bridge"), resolv(c));
        files.refresh(c);
        assertTrue(Files.readString(resolv(c)).startsWith("nameserver 10.1.1.1\n"));
    }

    @Test
    void aStoppedContainerOrAJoinedNamespaceIsNotRewritten() throws Exception {
        Container stopped = container(bridge(), false);
        files.writeAtStart(stopped, NetworkMode.parse("bridge"), resolv(stopped));
        embedded.set("172.20.0.1");
        files.refresh(stopped);
        assertTrue(Files.readString(resolv(stopped)).startsWith("nameserver 192.0.2.53\n"), "next start writes it");

        HostConfig joined = new HostConfig();
        joined.networkMode = "container:other";
        Container peer = container(joined, true);
        Path owners = dir.resolve("owner-resolv.conf");
        Files.writeString(owners, "nameserver 192.0.2.53\n");
        peer.record().useEtcFiles(null, null, owners);
        files.refresh(peer);
        assertEquals("nameserver 192.0.2.53\n", Files.readString(owners), "the file belongs to the owner");
    }
}
