package io.wharf.pluginmanager.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropagatedMountsTest {
    @TempDir
    Path tmp;
    private FakeMounts fake;
    private PropagatedMounts mounts;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeMounts(tmp.resolve("mountinfo"));
        mounts = fake.propagatedMounts();
        dir = tmp.toRealPath().resolve("propagated-mount");
    }

    @Test
    void shareBindsTheDirectoryOnItselfOnceAndMakesItRecursivelyShared() throws IOException {
        mounts.share(dir);
        assertTrue(Files.isDirectory(dir));
        mounts.share(dir); // a mount point already (an adopted plugin's): not bound twice
        assertEquals(List.of("bind " + dir + " " + dir, "rshared " + dir, "rshared " + dir), fake.calls);
    }

    @Test
    void releaseDetachesTheShareWithWhatThePluginLeftUnderItAndKeepsTheDirectory() throws IOException {
        mounts.share(dir);
        Path volume = Files.createDirectories(dir.resolve("v1/data"));
        fake.pluginMounts(volume);
        Path sibling = tmp.toRealPath().resolve("propagated-mount-other");
        fake.pluginMounts(sibling); // a sibling is not the plugin's
        fake.calls.clear();

        assertTrue(mounts.release(dir));
        assertEquals(List.of("unmount " + dir), fake.calls, "mount points below dir are never unmounted by path");
        assertEquals(List.of(Path.of("/"), sibling), fake.mountPoints());
        assertTrue(Files.isDirectory(volume), "the directories stay: volumes kept as directories live there");
        assertTrue(mounts.release(dir)); // nothing mounted: nothing to do
        assertEquals(1, fake.calls.size());
    }

    @Test
    void releaseNeverUnmountsAPathThroughWhatThePluginMountedSoALinkThereCannotLeadOut() throws IOException {
        mounts.share(dir);
        fake.pluginMounts(dir.resolve("x/y")); // then a tmpfs over x, where y is a link to /sys/fs/cgroup
        fake.pluginMounts(dir.resolve("x"));
        fake.pluginMounts(dir); // and one stacked on the share itself
        fake.calls.clear();

        assertTrue(mounts.release(dir));
        assertEquals(List.of("unmount " + dir, "unmount " + dir), fake.calls);
        assertEquals(List.of(Path.of("/")), fake.mountPoints());
    }

    @Test
    void releaseReportsWhatItCannotDetachAndLeavesIt() throws IOException {
        Path volume = dir.resolve("v1");
        fake.pluginMounts(volume); // below dir, with dir itself no mount point: nothing to detach by dir
        assertFalse(mounts.release(dir));
        assertEquals(List.of("unmount " + dir), fake.calls);
        assertEquals(List.of(Path.of("/"), volume), fake.mountPoints());
    }
}
