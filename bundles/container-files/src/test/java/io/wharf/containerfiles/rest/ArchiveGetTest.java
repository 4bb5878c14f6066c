package io.wharf.containerfiles.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.containerfiles.PathStat;
import io.wharf.containerfiles.Tars;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveGetTest extends ArchiveTestBase {
    private static final long DIR = 1L << 31;
    private static final long SYMLINK = 1L << 27;

    PathStat head(String path) throws IOException {
        Response r = resource.stat("web", path);
        assertEquals(200, r.getStatus());
        return PathStat.fromHeader((String) r.getHeaders().getFirst(PathStat.HEADER));
    }

    byte[] get(String path) throws IOException {
        Response r = resource.archive("web", path);
        assertEquals(head(path), PathStat.fromHeader((String) r.getHeaders().getFirst(PathStat.HEADER)));
        byte[] tar = body(r);
        assertEquals(0, containers.mounted, "the root filesystem is released once the tar is written");
        return tar;
    }

    @Test
    void statOfFileDirectoryAndSymlinks() throws IOException {
        Files.setPosixFilePermissions(rootfs.resolve("a/b/c.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        PathStat file = head("/a/b/c.txt");
        assertEquals("c.txt", file.name());
        assertEquals(5, file.size());
        assertEquals(0640, file.mode());
        assertEquals("", file.linkTarget());
        assertTrue(file.mtime().endsWith("Z"));

        PathStat dir = head("a/b");
        assertEquals("b", dir.name());
        assertEquals(DIR, dir.mode() & DIR);

        PathStat link = head("/link-abs");
        assertEquals(SYMLINK, link.mode() & SYMLINK);
        assertEquals("/a", link.linkTarget());
        assertEquals("/a/b", head("/link-rel").linkTarget());
        assertEquals("/", head("/escape").linkTarget(), "../../.. stops at the container root");

        PathStat followed = head("/link-abs/");
        assertEquals(DIR, followed.mode() & DIR, "a trailing slash follows the link");
        assertEquals("link-abs", followed.name());
        assertEquals(".", head("/a/.").name());
        assertEquals("/", head("/").name());
    }

    @Test
    void archiveOfDirectoryIsNamedByItsLastComponent() throws IOException {
        assertEquals(List.of("a/", "a/b/", "a/b/c.txt"), Tars.names(get("/a")));
        assertEquals(List.of("./", "./b/", "./b/c.txt"), Tars.names(get("/a/.")));
        assertEquals(List.of("c.txt"), Tars.names(get("/a/b/c.txt")));
        assertEquals(Map.of("c.txt", "hello"), Tars.contents(get("/a/b/c.txt")));
        assertEquals(List.of("link-abs -> /a"), Tars.names(get("/link-abs")));
        assertEquals(List.of("link-abs/", "link-abs/b/", "link-abs/b/c.txt"), Tars.names(get("/link-abs/")));
        assertEquals("archive-path", events.published.get(0).action());
    }

    @Test
    void rootArchiveShowsMountsAsTheContainerSeesThem() throws IOException {
        List<String> names = Tars.names(get("/"));
        assertEquals("/", names.get(0));
        assertTrue(names.contains("/data/v.txt"), names.toString());
        assertTrue(names.contains("/etc/passwd"));
        assertEquals(Map.of("v.txt", "volume"), Tars.contents(get("/data/v.txt")));
    }

    @Test
    void hardLinksAreKept() throws IOException {
        Files.createLink(rootfs.resolve("a/b/hard"), rootfs.resolve("a/b/c.txt"));
        assertEquals(List.of("b/", "b/c.txt", "b/hard => b/c.txt"), Tars.names(get("/a/b")));
    }

    @Test
    void pathsCannotLeaveTheContainer() throws IOException {
        // .. is clamped at the container root: this is the container's /outside, which does not exist
        assertNotFound("/../../../outside/secret");
        assertNotFound("../outside/secret");
        // an absolute symlink target is a container path, even when it names a host directory
        assertNotFound("/host-link/secret");
        // symlinks that climb are clamped at the container root too
        assertEquals(Map.of("passwd", Files.readString(rootfs.resolve("etc/passwd"))),
                Tars.contents(get("/escape/etc/passwd")));
        assertEquals(Map.of("passwd", Files.readString(rootfs.resolve("etc/passwd"))),
                Tars.contents(get("/root-link/etc/passwd")));
        assertEquals(Map.of("passwd", Files.readString(rootfs.resolve("etc/passwd"))),
                Tars.contents(get("/a/../../../etc/passwd")));
    }

    @Test
    void missingPathsAndBadRequests() {
        EngineException missing = assertThrows(EngineException.class, () -> resource.archive("web", "/nope"));
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertEquals("Could not find the file /nope in container web", missing.getMessage());
        assertEquals(0, containers.mounted);
        assertNotFound("/file/below-a-file");
        assertEquals(ErrorKind.INVALID_PARAMETER,
                assertThrows(EngineException.class, () -> resource.archive("web", "")).kind());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(EngineException.class, () -> resource.stat("other", "/")).kind());
    }

    private void assertNotFound(String path) {
        EngineException e = assertThrows(EngineException.class, () -> resource.stat("web", path));
        assertEquals(ErrorKind.NOT_FOUND, e.kind(), path);
        assertEquals(0, containers.mounted);
    }
}
