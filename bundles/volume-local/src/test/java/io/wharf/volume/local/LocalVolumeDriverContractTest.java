package io.wharf.volume.local;

import io.wharf.api.testkit.VolumeDriverContract;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.linux.MountTable;
import java.nio.file.Path;

/** The volume driver contract for the local driver (plain volumes need no mount, so no root either). */
class LocalVolumeDriverContractTest extends VolumeDriverContract {
    @Override
    protected VolumeDriver open(Path root) throws java.io.IOException {
        return new LocalVolumeDriver(root, new LocalVolumeDriverTest.RecordingSyscalls(), new MountTable());
    }
}
