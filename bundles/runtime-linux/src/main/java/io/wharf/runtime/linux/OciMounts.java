package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.OciJson.nullToEmpty;
import static io.wharf.runtime.linux.OciJson.strings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.runtime.MountSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The OCI {@code mounts}: Docker's default mounts, less those the user's replace, then the user's in order. */
final class OciMounts {
    private final ObjectMapper json;

    OciMounts(ObjectMapper json) {
        this.json = json;
    }

    ArrayNode mounts(List<MountSpec> userMounts, boolean privileged) {
        Set<String> userDestinations = new HashSet<>();
        for (MountSpec m : userMounts) {
            userDestinations.add(cleanPath(m.destination()));
        }
        boolean userDev = userDestinations.contains("/dev");
        ArrayNode mounts = json.createArrayNode();
        for (MountSpec m : defaultMounts(privileged)) {
            if (userDestinations.contains(m.destination()) || (userDev && m.destination().startsWith("/dev/"))) {
                continue;
            }
            mounts.add(mount(m));
        }
        List<MountSpec> sorted = new ArrayList<>(userMounts);
        // Parents before children: /a must be mounted before /a/b or it would hide it (stable, like moby's sort).
        sorted.sort(Comparator.comparingInt(m -> depth(m.destination())));
        for (MountSpec m : sorted) {
            mounts.add(mount(m));
        }
        return mounts;
    }

    static List<MountSpec> defaultMounts(boolean privileged) {
        String sysMode = privileged ? "rw" : "ro";
        return List.of(
                new MountSpec("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new MountSpec("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new MountSpec("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new MountSpec("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
                new MountSpec("/sys/fs/cgroup", "cgroup", "cgroup", List.of(sysMode, "nosuid", "noexec", "nodev")),
                new MountSpec("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new MountSpec("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
    }

    private ObjectNode mount(MountSpec m) {
        ObjectNode node = json.createObjectNode();
        node.put("destination", m.destination());
        if (m.type() != null) {
            node.put("type", m.type());
        }
        if (m.source() != null) {
            node.put("source", m.source());
        }
        node.set("options", strings(json, nullToEmpty(m.options())));
        return node;
    }

    private static int depth(String destination) {
        String clean = cleanPath(destination);
        return clean.equals("/") ? 0 : clean.split("/").length - 1;
    }

    private static String cleanPath(String path) {
        String clean = Path.of("/").resolve(path).normalize().toString();
        return clean.isEmpty() ? "/" : clean;
    }
}
