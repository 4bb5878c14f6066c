package com.example.wharf.dirvolume;

import io.wharf.api.testkit.VolumeDriverContract;
import io.wharf.api.volume.VolumeDriver;
import java.io.IOException;
import java.nio.file.Path;

/** The whole volume driver contract of Wharf's test kit, run against this driver: one method says how to open it. */
class DirectoryVolumeDriverContractTest extends VolumeDriverContract {
    @Override
    protected VolumeDriver open(Path root) throws IOException {
        return new DirectoryVolumeDriver(root);
    }
}
