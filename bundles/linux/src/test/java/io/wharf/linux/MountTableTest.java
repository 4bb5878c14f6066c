package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {
    @TempDir
    Path tmp;

    @Test
    void aMountPointNamedWithBytesThatAreNotUtf8IsListedUnderItsDirectoryAndBreaksNoOtherLine() throws IOException {
        Path dir = tmp.toRealPath().resolve("propagated-mount");
        Files.createDirectories(dir);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(line("/"));
        info.writeBytes(" rw - ext4 /dev/vda rw\n".getBytes(StandardCharsets.US_ASCII));
        info.writeBytes(line(dir + "/bad"));
        info.write(0xff); // a plugin named its mount point with a byte the kernel leaves unescaped
        info.writeBytes(" rw - tmpfs tmpfs rw\n".getBytes(StandardCharsets.US_ASCII));
        info.writeBytes(line(dir + "/with\\040space\\134and-é"));
        info.writeBytes(" rw - tmpfs tmpfs rw\n".getBytes(StandardCharsets.US_ASCII));
        Path mountinfo = tmp.resolve("mountinfo");
        Files.write(mountinfo, info.toByteArray());
        MountTable table = new MountTable(mountinfo);

        List<Path> points = table.mountPoints();
        assertEquals(3, points.size());
        assertEquals(Path.of("/"), points.get(0));
        assertTrue(points.get(1).startsWith(dir), points.get(1).toString());
        assertEquals(dir.resolve("with space\\and-é"), points.get(2));
        assertEquals(3, table.mountsAtOrBelow(dir).size() + 1);
        assertTrue(table.isMountPoint(Path.of("/")));
    }

    private static byte[] line(String mountPoint) {
        return ("99 27 0:99 / " + mountPoint).getBytes(StandardCharsets.UTF_8);
    }
}
