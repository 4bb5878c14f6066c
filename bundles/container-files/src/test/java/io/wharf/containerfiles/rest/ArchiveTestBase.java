package io.wharf.containerfiles.rest;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.model.ContainerConfig;
import io.wharf.containerfiles.Fakes;
import io.wharf.linux.LinuxFs;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container root filesystem in a temp dir, a volume mounted at /data, a read-only one at /ro, and an
 * "outside" directory next to the root whose content no request may touch.
 */
abstract class ArchiveTestBase {
    @TempDir
    Path tmp;
    Path rootfs;
    Path outside;
    Path volume;
    Fakes.Containers containers;
    Fakes.Layers layers;
    Fakes.Events events;
    ContainerFilesResource resource;

    @BeforeEach
    void setUpRoot() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        volume = Files.createDirectories(tmp.resolve("volume"));
        Path readOnly = Files.createDirectories(tmp.resolve("readonly"));
        Files.writeString(outside.resolve("secret"), "host secret");
        Files.writeString(volume.resolve("v.txt"), "volume");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\napp:x:1001:\n");
        Files.createDirectories(rootfs.resolve("a/b"));
        Files.writeString(rootfs.resolve("a/b/c.txt"), "hello");
        Files.createDirectories(rootfs.resolve("data"));
        Files.createDirectories(rootfs.resolve("ro"));
        Files.createSymbolicLink(rootfs.resolve("link-abs"), Path.of("/a"));
        Files.createSymbolicLink(rootfs.resolve("link-rel"), Path.of("a/b"));
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("../../../.."));
        Files.createSymbolicLink(rootfs.resolve("root-link"), Path.of("/"));
        Files.createSymbolicLink(rootfs.resolve("host-link"), outside); // absolute host path: means nothing inside
        Files.writeString(rootfs.resolve("file"), "plain");
        List<ContainerInfo.MountPoint> mounts = List.of(
                new ContainerInfo.MountPoint("/data", volume.toString(), false, "volume", "vol"),
                new ContainerInfo.MountPoint("/ro", readOnly.toString(), true, "bind", ""));
        ContainerConfig config = ContainerConfig.empty().withCmd(List.of("sh")).withUser("app");
        containers = new Fakes.Containers(Fakes.container("web", config, ContainerInfo.Status.RUNNING, null, mounts),
                rootfs);
        layers = new Fakes.Layers();
        events = new Fakes.Events();
        resource = new ContainerFilesResource(containers, layers, LinuxFs.get());
        resource.events = events;
    }

    static byte[] body(Response response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) response.getEntity()).write(out);
        return out.toByteArray();
    }

    /** Every path below tmp outside the root filesystem and the mount sources, with file contents. */
    List<String> outsideSnapshot() throws IOException {
        List<String> result = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tmp)) {
            walk.filter(p -> !p.startsWith(rootfs) && !p.startsWith(volume) && !p.startsWith(tmp.resolve("readonly")))
                    .sorted().forEach(p -> {
                        try {
                            result.add(tmp.relativize(p) + (Files.isRegularFile(p) ? "=" + Files.readString(p) : ""));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        return result;
    }
}
