package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxFsTest {
    private final LinuxFs fs = LinuxFs.get();

    @TempDir
    Path dir;

    @Test
    void deviceNumbersRoundTrip() {
        long dev = LinuxFs.makedev(259, 70000);
        assertEquals(259, LinuxFs.major(dev));
        assertEquals(70000, LinuxFs.minor(dev));
        assertEquals(0x0103, LinuxFs.makedev(1, 3)); // /dev/null
    }

    @Test
    void userXattrsRoundTrip() throws Exception {
        Path file = Files.createFile(dir.resolve("f"));
        fs.setXattr(file, "user.wharf", "hello".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), fs.getXattr(file, "user.wharf").orElseThrow());
        assertTrue(fs.listXattrs(file).contains("user.wharf"));
        fs.removeXattr(file, "user.wharf");
        assertTrue(fs.getXattr(file, "user.wharf").isEmpty());
    }

    @Test
    void symlinkTimesAndOwnerAreTheLinksOwn() throws Exception {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileTime targetTime = Files.getLastModifiedTime(target);
        FileTime when = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
        fs.setTimes(link, when, when);
        assertEquals(when, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(targetTime, Files.getLastModifiedTime(target));

        assumeTrue(isRoot());
        fs.lchown(link, 1234, 5678);
        assertEquals(1234, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void chmodKeepsSpecialBits() throws Exception {
        Path file = Files.createFile(dir.resolve("suid"));
        fs.chmod(file, 07755);
        assertEquals(07755, (int) Files.getAttribute(file, "unix:mode") & LinuxFs.PERMISSION_BITS);
    }

    @Test
    void devicesFifosAndWhiteouts() throws Exception {
        assumeTrue(isRoot());
        Path whiteout = dir.resolve("wh");
        fs.makeOverlayWhiteout(whiteout);
        assertEquals(LinuxFs.S_IFCHR, mode(whiteout) & LinuxFs.S_IFMT);
        assertEquals(0L, Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));

        Path nul = dir.resolve("null");
        fs.makeCharDevice(nul, 0666, 1, 3);
        assertEquals(LinuxFs.makedev(1, 3), Files.getAttribute(nul, "unix:rdev", LinkOption.NOFOLLOW_LINKS));

        Path fifo = dir.resolve("fifo");
        fs.makeFifo(fifo, 0600);
        assertEquals(LinuxFs.S_IFIFO, mode(fifo) & LinuxFs.S_IFMT);
    }

    @Test
    void errorsCarryErrnoAndText() {
        LinuxException e = assertThrows(LinuxException.class, () -> fs.lchown(dir.resolve("missing"), 0, 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void filesystemType() throws Exception {
        assertEquals(0x9fa0L, fs.filesystemType(Path.of("/proc"))); // PROC_SUPER_MAGIC
        assertTrue(fs.filesystemType(dir) != 0);
    }

    @Test
    void mountFailuresAreExplained() {
        LinuxException e = assertThrows(LinuxException.class,
                () -> fs.mount("none", dir.resolve("nowhere"), "tmpfs", 0, null));
        assertTrue(e.getMessage().startsWith("cannot mount tmpfs on"), e.getMessage());
    }

    private static int mode(Path path) throws Exception {
        return (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
