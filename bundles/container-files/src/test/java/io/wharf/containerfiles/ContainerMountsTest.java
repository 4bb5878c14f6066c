package io.wharf.containerfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.container.ContainerInfo.MountPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerMountsTest {
    @TempDir
    Path tmp;

    private static List<String> path(String... components) {
        return Arrays.asList(components);
    }

    private static MountPoint bind(String destination, Path source) {
        return new MountPoint(destination, source == null ? null : source.toString(), false, "bind", "");
    }

    @Test
    void theInnermostMountHoldsAPathAndOnlyWholeComponentsMatch() throws IOException {
        Path outer = Files.createDirectories(tmp.resolve("outer"));
        Path inner = Files.createDirectories(tmp.resolve("inner"));
        ContainerMounts mounts = ContainerMounts.of(List.of(bind("/data", outer), bind("/data/sub/", inner)));
        assertEquals(inner, mounts.holding(path("data", "sub", "x")).source());
        assertEquals(outer, mounts.holding(path("data", "other")).source());
        assertEquals(outer, mounts.holding(path("data")).source());
        assertNull(mounts.holding(path("database")));
        assertNull(mounts.holding(List.of()));
        assertEquals(inner, mounts.at(path("data", "sub")).source());
        assertNull(mounts.at(path("data", "sub", "x")));
    }

    @Test
    void sourcesAreMadeRealAndMountsThatShowNothingAreLeftOut() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        ContainerMounts mounts = ContainerMounts.of(List.of(bind("/via-link", link), bind("/gone",
                tmp.resolve("missing")), bind("/no-source", null), new MountPoint(null, real.toString(), false,
                "bind", "")));
        assertEquals(real.toRealPath(), mounts.at(path("via-link")).source());
        assertNull(mounts.at(path("gone")));
        assertNull(mounts.at(path("no-source")));
        assertTrue(ContainerMounts.of(null).isEmpty());
    }
}
