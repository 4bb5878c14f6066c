package io.wharf.volume.local;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;

/** The real system calls, through the linux bundle's {@link LinuxFs}. */
final class LinuxMountSyscalls implements MountSyscalls {
    private final LinuxFs fs;

    LinuxMountSyscalls(LinuxFs fs) {
        this.fs = fs;
    }

    @Override
    public void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        fs.mount(source, target, fstype, flags, data);
    }

    @Override
    public void unmount(Path target) throws IOException {
        fs.unmount(target, LinuxFs.MNT_DETACH);
    }
}
