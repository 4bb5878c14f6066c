package io.wharf.volume.local;

import java.io.IOException;
import java.nio.file.Path;

/** mount(2) and umount2(2), behind an interface so the driver's bookkeeping can be tested without root. */
interface MountSyscalls {
    void mount(String source, Path target, String fstype, long flags, String data) throws IOException;

    /** Detaches the mount at {@code target} (lazily, so a busy mount never blocks the driver). */
    void unmount(Path target) throws IOException;
}
