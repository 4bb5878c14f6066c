package io.wharf.containerfiles.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.storage.Change;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.WhiteoutMode;
import io.wharf.containerfiles.Fakes;
import io.wharf.containerfiles.Tars;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExportAndChangesTest extends ArchiveTestBase {

    @Test
    void exportRoundTripsTheRootFilesystem() throws IOException {
        Files.createLink(rootfs.resolve("a/b/hard"), rootfs.resolve("a/b/c.txt"));
        Files.setAttribute(rootfs.resolve("file"), "unix:mode", 04755);
        Files.setAttribute(rootfs.resolve("a/b/c.txt"), "unix:uid", 1234);
        byte[] tar = body(resource.export("web"));
        assertEquals(0, containers.mounted);
        byte[] again = body(resource.export("web"));
        assertEquals(List.of(Tars.names(tar)), List.of(Tars.names(again)), "deterministic order");
        List<String> names = Tars.names(tar);
        assertEquals(names.stream().sorted().toList().get(0), names.get(0));
        assertEquals(false, names.stream().anyMatch(n -> n.contains("v.txt")), "mounts are not part of export");

        Path copy = Files.createDirectories(tmp.resolve("copy"));
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(tar), copy);
        assertEquals(describe(rootfs), describe(copy));
        assertEquals(Files.getAttribute(copy.resolve("a/b/hard"), "unix:ino"),
                Files.getAttribute(copy.resolve("a/b/c.txt"), "unix:ino"));
        assertEquals("export", events.published.get(events.published.size() - 1).action());
    }

    @Test
    void deadContainersCannotBeExported() {
        containers.container = Fakes.container("web", null, ContainerInfo.Status.DEAD, null, List.of());
        EngineException e = assertThrows(EngineException.class, () -> resource.export("web"));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals(0, containers.mounted);
    }

    @Test
    void changesUseDockersKinds() throws IOException {
        layers.changes = List.of(new Change("/tmp", Change.Kind.MODIFIED), new Change("/tmp/x", Change.Kind.ADDED),
                new Change("/etc/gone", Change.Kind.DELETED));
        assertEquals(List.of(new ContainerFilesResource.ChangeItem("/tmp", 0),
                new ContainerFilesResource.ChangeItem("/tmp/x", 1),
                new ContainerFilesResource.ChangeItem("/etc/gone", 2)), resource.changes("web"));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> resource.changes("nope")).kind());
    }

    /** Path, type, mode, owner, size and link target of everything below root. */
    private static List<String> describe(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(root)) {
                    continue;
                }
                int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                int uid = (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                boolean link = Files.isSymbolicLink(p);
                long size = link || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0 : Files.size(p);
                lines.add(root.relativize(p) + " " + Integer.toOctalString(mode) + " " + uid + " " + size
                        + (link ? " -> " + Files.readSymbolicLink(p) : ""));
            }
        }
        return lines;
    }
}
