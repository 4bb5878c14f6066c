package io.wharf.containerfiles.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.containerfiles.Tars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ArchivePutTest extends ArchiveTestBase {

    void put(String path, InputStream tar) throws IOException {
        put(path, tar, "true", null);
    }

    void put(String path, InputStream tar, String noOverwrite, String copyUidGid) throws IOException {
        assertEquals(200, resource.extract("web", path, noOverwrite, copyUidGid, tar).getStatus());
        assertEquals(0, containers.mounted);
    }

    EngineException refused(String path, InputStream tar) {
        EngineException e = assertThrows(EngineException.class, () -> resource.extract("web", path, "true", null, tar));
        assertEquals(0, containers.mounted);
        return e;
    }

    @Test
    void extractsCompressedTarsWithModesAndOwners() throws IOException {
        byte[] tar = new Tars().dir("new").file("new/x.sh", "#!/bin/sh", 0755, 7).bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        put("/a", new ByteArrayInputStream(gz.toByteArray()));
        Path script = rootfs.resolve("a/new/x.sh");
        assertEquals("#!/bin/sh", Files.readString(script));
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(script)));
        assertEquals(7, (int) Files.getAttribute(script, "unix:uid"));
        assertEquals("extract-to-dir", events.published.get(events.published.size() - 1).action());
    }

    @Test
    void copyUidGidOwnsEverythingByTheContainerUser() throws IOException {
        put("/a", new Tars().file("deep/owned", "x", 0644, 7).stream(), "true", "1");
        assertEquals(1000, (int) Files.getAttribute(rootfs.resolve("a/deep/owned"), "unix:uid"));
        assertEquals(1001, (int) Files.getAttribute(rootfs.resolve("a/deep/owned"), "unix:gid"));
        assertEquals(1000, (int) Files.getAttribute(rootfs.resolve("a/deep"), "unix:uid"), "implied directories too");
    }

    @Test
    void whiteoutNamesAreOrdinaryFiles() throws IOException {
        put("/a/b", new Tars().file(".wh.c.txt", "not a whiteout").file(".wh..wh..opq", "nor this").stream());
        assertEquals("hello", Files.readString(rootfs.resolve("a/b/c.txt")));
        assertEquals("not a whiteout", Files.readString(rootfs.resolve("a/b/.wh.c.txt")));
        assertTrue(Files.exists(rootfs.resolve("a/b/.wh..wh..opq")));
    }

    @Test
    void directoriesAndFilesDoNotReplaceEachOtherUnlessAllowed() throws IOException {
        EngineException e = refused("/a", new Tars().file("b", "file over dir").stream());
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("cannot overwrite directory"), e.getMessage());
        assertTrue(Files.isDirectory(rootfs.resolve("a/b")));
        put("/a", new Tars().file("b", "file over dir").stream(), "false", null);
        assertEquals("file over dir", Files.readString(rootfs.resolve("a/b")));
    }

    @Test
    void extractionPointMustBeAnExistingWritableDirectory() throws IOException {
        assertEquals("extraction point is not a directory",
                refused("/file", new Tars().file("x", "x").stream()).getMessage());
        EngineException missing = refused("/nope", new Tars().file("x", "x").stream());
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertEquals("Could not find the file /nope in container web", missing.getMessage());
        EngineException readOnly = refused("/ro", new Tars().file("x", "x").stream());
        assertEquals(ErrorKind.INVALID_PARAMETER, readOnly.kind());
        assertEquals("mounted volume is marked read-only", readOnly.getMessage());
        put("/link-rel", new Tars().file("via-link", "x").stream());
        assertTrue(Files.exists(rootfs.resolve("a/b/via-link")), "a symlink to a directory is followed");
        put("/data", new Tars().file("in-volume", "x").stream());
        assertTrue(Files.exists(volume.resolve("in-volume")), "mount paths resolve to the mount's source");
    }

    @Test
    void hostileTarsWriteNothingOutsideTheRoot() throws IOException {
        List<String> before = outsideSnapshot();
        String outsideAbsolute = outside.toString();
        // a link to a host directory names a path inside the container, which does not exist (yet)
        assertEquals(ErrorKind.NOT_FOUND, refused("/host-link", new Tars().file("x", "x").stream()).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, refused("/a", new Tars().file("../../evil", "x").stream()).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER,
                refused("/a", new Tars().file("b/../../../evil", "x").stream()).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER,
                refused("/a", new Tars().symlink("up", "../../../../..").stream()).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER,
                refused("/a", new Tars().hardlink("hl", "../../../outside/secret").stream()).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER,
                refused("/a", new Tars().hardlink("hl", outsideAbsolute + "/secret").stream()).kind());

        // absolute symlinks then entries through them: resolved inside the container
        put("/a", new Tars().symlink("to-root", "/").file("to-root/pwned", "x")
                .symlink("to-host", outsideAbsolute).file("to-host/secret", "overwritten?").stream());
        assertEquals("x", Files.readString(rootfs.resolve("pwned")));
        assertEquals("overwritten?", Files.readString(rootfs.resolve(outsideAbsolute.substring(1)).resolve("secret")));

        // links already in the container, as extraction points and inside the tar's paths
        put("/escape", new Tars().file("at-root", "x").stream());
        assertTrue(Files.exists(rootfs.resolve("at-root")));
        put("/", new Tars().file("root-link/etc/via-root-link", "x").file("host-link/through", "x").stream());
        assertTrue(Files.exists(rootfs.resolve("etc/via-root-link")));
        assertTrue(Files.exists(rootfs.resolve(outsideAbsolute.substring(1)).resolve("through")));
        assertEquals(ErrorKind.NOT_FOUND, refused("/../outside", new Tars().file("x", "x").stream()).kind());

        // an entry replacing a symlink replaces the link, not its target
        put("/", new Tars().file("link-abs", "now a file").stream(), "false", null);
        assertFalse(Files.isSymbolicLink(rootfs.resolve("link-abs")));
        assertEquals("hello", Files.readString(rootfs.resolve("a/b/c.txt")));

        assertEquals(before, outsideSnapshot());
        assertTrue(Files.exists(outside.resolve("secret"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("host secret", Files.readString(outside.resolve("secret")));
    }

    @Test
    void corruptInputIsTheClientsFault() {
        byte[] garbage = new byte[1024];
        java.util.Arrays.fill(garbage, (byte) 'x');
        EngineException e = refused("/a", new ByteArrayInputStream(garbage));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }
}
