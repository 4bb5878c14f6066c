package io.wharf.volume.local;

import static io.wharf.volume.local.MountFlags.MS_BIND;
import static io.wharf.volume.local.MountFlags.MS_NODEV;
import static io.wharf.volume.local.MountFlags.MS_NOEXEC;
import static io.wharf.volume.local.MountFlags.MS_NOSUID;
import static io.wharf.volume.local.MountFlags.MS_PRIVATE;
import static io.wharf.volume.local.MountFlags.MS_RDONLY;
import static io.wharf.volume.local.MountFlags.MS_REC;
import static io.wharf.volume.local.MountFlags.MS_REMOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountFlagsTest {
    @Test
    void splitsFlagsFromFilesystemData() {
        MountFlags f = MountFlags.parse("ro,nosuid,nodev,noexec,size=64m,uid=1000");
        assertEquals(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, f.flags());
        assertEquals("size=64m,uid=1000", f.data());
    }

    @Test
    void laterWordsClearEarlierOnes() {
        MountFlags f = MountFlags.parse("ro,rw,noexec,exec,defaults");
        assertEquals(0, f.flags());
        assertEquals("", f.data());
    }

    @Test
    void recursiveWordsSetRec() {
        assertEquals(MS_BIND | MS_REC, MountFlags.parse("rbind").flags());
        assertEquals(MS_PRIVATE | MS_REC, MountFlags.parse("rprivate").flags());
        assertTrue(MountFlags.parse("bind").bind());
        assertFalse(MountFlags.parse("size=1m").bind());
        assertEquals(new MountFlags(0, ""), MountFlags.parse(null));
    }

    @Test
    void appliesPropagationAndReadOnlyBindInExtraCalls() throws IOException {
        LocalVolumeDriverTest.RecordingSyscalls sys = new LocalVolumeDriverTest.RecordingSyscalls();
        MountFlags.parse("bind,ro,private").apply(sys, "/src", Path.of("/t/_data"), "none");
        assertEquals(List.of(
                "mount /src _data none " + (MS_BIND | MS_RDONLY) + " null",
                "mount null _data null " + MS_PRIVATE + " null",
                "mount null _data null " + (MS_BIND | MS_RDONLY | MS_REMOUNT) + " null"), sys.calls);
    }

    @Test
    void plainMountIsOneCall() throws IOException {
        LocalVolumeDriverTest.RecordingSyscalls sys = new LocalVolumeDriverTest.RecordingSyscalls();
        MountFlags.parse("size=1m,mode=0755").apply(sys, "tmpfs", Path.of("/t/_data"), "tmpfs");
        assertEquals(List.of("mount tmpfs _data tmpfs 0 size=1m,mode=0755"), sys.calls);
    }

    @Test
    void unescapesMountinfoPaths() {
        assertEquals("/a dir/with\ttab", MountTable.unescape("/a\\040dir/with\\011tab"));
        assertEquals("/plain", MountTable.unescape("/plain"));
        assertEquals("/odd\\x", MountTable.unescape("/odd\\x"));
    }
}
