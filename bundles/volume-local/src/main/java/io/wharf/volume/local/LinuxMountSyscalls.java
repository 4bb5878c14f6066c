package io.wharf.volume.local;

import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Path;

/** The real system calls, through JNA. */
final class LinuxMountSyscalls implements MountSyscalls {
    @Override
    public void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        LinuxFs.get().mount(source, target, fstype, flags, data);
    }

    @Override
    public void unmount(Path target) throws IOException {
        LinuxFs.get().unmount(target, LinuxFs.MNT_DETACH);
    }
}
