package io.wharf.runtime.linux;

import io.wharf.api.errors.EngineException;
import io.wharf.linux.FileStat;
import io.wharf.linux.LinuxException;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finds device nodes on the host: for --device (a node or a directory of nodes) and for --privileged (all of /dev). */
class HostDevices {
    /** Directories of /dev that hold no devices a container should get (libcontainer's HostDevices skips them). */
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts",
            ".udev");

    /** A device node: where it goes in the container, c or b, numbers, mode bits, owner. */
    record Device(String path, String type, long major, long minor, int fileMode, int uid, int gid) {
    }

    private final LinuxFs fs;

    HostDevices(LinuxFs fs) {
        this.fs = fs;
    }

    /**
     * The devices {@code hostPath} names, placed at {@code containerPath}: the node itself, or every node under a
     * directory (moby's DevicesFromPath).
     */
    List<Device> fromPath(String hostPath, String containerPath) {
        Path host = Path.of(hostPath);
        try {
            Path resolved = host.toRealPath();
            if (Files.isDirectory(resolved)) {
                List<Device> devices = new ArrayList<>();
                for (Device device : walk(resolved, false)) {
                    String relative = resolved.relativize(Path.of(device.path())).toString();
                    devices.add(withPath(device, containerPath + "/" + relative));
                }
                return devices;
            }
            Device device = device(resolved);
            if (device == null) {
                throw EngineException.invalid("error gathering device information while adding custom device "
                        + "\"%s\": not a device node", hostPath);
            }
            return List.of(withPath(device, containerPath));
        } catch (IOException e) {
            throw EngineException.invalid("error gathering device information while adding custom device \"%s\": %s",
                    hostPath, e.getMessage());
        }
    }

    /** Every device node under /dev, for privileged containers. */
    List<Device> all() throws IOException {
        return walk(Path.of("/dev"), true);
    }

    private List<Device> walk(Path dir, boolean skipSpecial) throws IOException {
        List<Device> devices = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    if (!(skipSpecial && SKIPPED_DIRS.contains(name))) {
                        devices.addAll(walk(entry, skipSpecial));
                    }
                } else if (!Files.isSymbolicLink(entry) && !(skipSpecial && name.equals("console"))) {
                    Device device = device(entry);
                    if (device != null) {
                        devices.add(device);
                    }
                }
            }
        }
        return devices;
    }

    /** The device at {@code path}, or null when it is not a character or block device. */
    private Device device(Path path) throws LinuxException {
        FileStat stat = fs.stat(path);
        if (!stat.isCharDevice() && !stat.isBlockDevice()) {
            return null;
        }
        return new Device(path.toString(), stat.isCharDevice() ? "c" : "b", LinuxFs.major(stat.rdev()),
                LinuxFs.minor(stat.rdev()), stat.permissions(), stat.uid(), stat.gid());
    }

    private static Device withPath(Device device, String path) {
        return new Device(path, device.type(), device.major(), device.minor(), device.fileMode(), device.uid(),
                device.gid());
    }
}
