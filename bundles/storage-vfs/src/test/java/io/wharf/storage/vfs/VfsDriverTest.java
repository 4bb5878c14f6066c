package io.wharf.storage.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.storage.StorageDriver;
import io.wharf.api.testkit.StorageDriverContract;
import io.wharf.api.testkit.Tars;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage driver contract, and vfs's own layout: full copies under dir/, parent chains under parents/. */
class VfsDriverTest extends StorageDriverContract {
    @Override
    protected StorageDriver open(Path home) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "layers keep owners and devices: needs root");
        return new VfsStorageDriverProvider(io.wharf.linux.LinuxFs.get()).open(home, List.of());
    }

    @Test
    void eachLayerIsAFullCopyOfItsParentWithItsChanges() throws IOException {
        driver.applyDiff("l1", null, Tars.of("etc/", "etc/passwd=root", "etc/group=g"));
        driver.applyDiff("l2", "l1", Tars.of("etc/.wh.group", "etc/hosts=h"));
        assertEquals(List.of("group", "passwd"), names(home.resolve("dir/l1/etc")));
        assertEquals(List.of("hosts", "passwd"), names(home.resolve("dir/l2/etc")));
        assertTrue(Files.exists(home.resolve("parents/l2")));
    }

    @Test
    void driverOptionsAreRefused() {
        assertThrows(IOException.class, () -> new VfsStorageDriverProvider(io.wharf.linux.LinuxFs.get()).open(home.resolve("x"), List.of("a=b")));
    }

    /** Wharf 0.1 (689d0a6) laid layers out as today, without the version file. */
    @Test
    void anUnversionedHomeKeepsItsLayersAndIsMarkedCurrentAndANewerOneIsRefused() throws IOException {
        driver.applyDiff("l1", null, Tars.of("etc/", "etc/passwd=root"));
        Files.delete(home.resolve(FormatVersion.FILE_NAME));

        StorageDriver reopened = open(home);

        assertTrue(reopened.exists("l1"));
        assertEquals(FormatVersion.Area.VFS.current(), FormatVersion.read(home));
        Files.writeString(home.resolve(FormatVersion.FILE_NAME), "5\n");
        assertThrows(FormatVersion.NewerFormatException.class, () -> open(home));
    }
}
