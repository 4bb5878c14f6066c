package io.wharf.pluginmanager.docker;

import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel mount table in a file, in {@code /proc/self/mountinfo}'s format: a bind mount adds its target, an
 * unmount detaches the topmost mount there with what is below it (and fails where nothing is mounted, as umount2
 * does); every call is recorded.
 */
public final class FakeMounts implements PropagatedMounts.MountCalls {
    public final List<String> calls = new ArrayList<>();
    private final Path mountinfo;

    public FakeMounts(Path mountinfo) throws IOException {
        this.mountinfo = mountinfo;
        Files.writeString(mountinfo, "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
    }

    public PropagatedMounts propagatedMounts() {
        return new PropagatedMounts(this, new MountTable(mountinfo));
    }

    /** What the plugin does inside its container, seen on the host through the shared mount. */
    public void pluginMounts(Path target) throws IOException {
        Files.writeString(mountinfo, line(target), StandardOpenOption.APPEND);
    }

    public List<Path> mountPoints() throws IOException {
        return new MountTable(mountinfo).mountPoints();
    }

    @Override
    public void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        if ((flags & LinuxFs.MS_BIND) != 0) {
            calls.add("bind " + source + " " + target);
            pluginMounts(target);
        } else if ((flags & LinuxFs.MS_SHARED) != 0) {
            calls.add(((flags & LinuxFs.MS_REC) != 0 ? "rshared " : "shared ") + target);
        } else {
            calls.add("mount " + target);
        }
    }

    /** A detach of the topmost mount on {@code target}: it takes what is mounted below target with it. */
    @Override
    public void unmount(Path target, int flags) throws IOException {
        calls.add("unmount " + target);
        List<String> lines = new ArrayList<>(Files.readAllLines(mountinfo));
        int top = lines.lastIndexOf(line(target).strip());
        if (top < 0) {
            throw new IOException("umount " + target + ": Invalid argument");
        }
        lines.remove(top);
        lines.removeIf(l -> {
            Path mountPoint = Path.of(l.split(" ")[4]);
            return mountPoint.startsWith(target) && !mountPoint.equals(target); // a lower one stacked there stays
        });
        Files.write(mountinfo, lines);
    }

    private static String line(Path target) {
        return "99 27 0:99 / " + target + " rw - tmpfs tmpfs rw\n";
    }
}
