package io.wharf.pluginmanager.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void releaseUnmountsWhatThePluginLeftDeepestFirstThenTheShareAndKeepsTheDirectory() throws IOException {
        mounts.share(dir);
        Path volume = Files.createDirectories(dir.resolve("v1/data"));
        fake.pluginMounts(volume);
        Path sibling = tmp.toRealPath().resolve("propagated-mount-other");
        fake.pluginMounts(sibling); // a sibling is not the plugin's
        fake.calls.clear();

        mounts.release(dir);
        assertEquals(List.of("unmount " + volume, "unmount " + dir), fake.calls);
        assertEquals(List.of(Path.of("/"), sibling), fake.mountPoints());
        assertTrue(Files.isDirectory(volume), "the directories stay: volumes kept as directories live there");
        mounts.release(dir); // nothing mounted: nothing to do
        assertEquals(2, fake.calls.size());
    }
}
