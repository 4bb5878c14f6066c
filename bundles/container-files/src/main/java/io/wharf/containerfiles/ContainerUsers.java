package io.wharf.containerfiles;

import io.wharf.api.errors.EngineException;
import io.wharf.linux.DirectoryHandle;
import io.wharf.linux.LinuxException;
import io.wharf.linux.Statx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Looks a container's {@code User} up in the container's own /etc/passwd and /etc/group, as docker cp --archive
 * does to own the copied files by that user. Accepts {@code name}, {@code uid}, {@code name:group},
 * {@code uid:gid}; numeric IDs need no entry in the files.
 */
public final class ContainerUsers {
    private static final int MAX_FILE_SIZE = 1 << 20;

    private ContainerUsers() {
    }

    public static ArchiveExtractor.Owner lookup(ContainerFilesystem fs, String user) throws IOException {
        int colon = user.indexOf(':');
        String userPart = colon < 0 ? user : user.substring(0, colon);
        String groupPart = colon < 0 ? null : user.substring(colon + 1);
        List<String> passwd = lines(fs, "/etc/passwd");
        Integer uid = null;
        Integer gid = null;
        for (String line : passwd) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && (f[0].equals(userPart) || f[2].equals(userPart))) {
                uid = parse(f[2]);
                gid = parse(f[3]);
                break;
            }
        }
        if (uid == null) {
            uid = parse(userPart);
            if (uid == null) {
                throw EngineException.invalid("unable to find user %s: no matching entries in passwd file", userPart);
            }
            gid = uid;
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            gid = group(fs, groupPart);
        }
        return new ArchiveExtractor.Owner(uid, gid == null ? uid : gid);
    }

    private static int group(ContainerFilesystem fs, String group) throws IOException {
        for (String line : lines(fs, "/etc/group")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && (f[0].equals(group) || f[2].equals(group))) {
                Integer gid = parse(f[2]);
                if (gid != null) {
                    return gid;
                }
            }
        }
        Integer gid = parse(group);
        if (gid == null) {
            throw EngineException.invalid("unable to find group %s: no matching entries in group file", group);
        }
        return gid;
    }

    /**
     * Reads a file of the container through the in-scope resolver (/etc/passwd may be a symbolic link), at most
     * {@value #MAX_FILE_SIZE} bytes of it: the container wrote it, and may have made it huge.
     */
    private static List<String> lines(ContainerFilesystem fs, String path) throws IOException {
        try (ContainerFilesystem.Entry entry = fs.locate(ContainerPaths.clean(path), true)) {
            Statx stat = entry == null || entry.name() == null ? null : entry.statOrNull();
            if (stat == null || !stat.isRegular()) {
                return List.of();
            }
            try (DirectoryHandle.OpenFile file = entry.parent().handle().openFile(entry.name());
                 InputStream in = Files.newInputStream(file.procPath())) {
                if (!file.stat().isRegular()) {
                    return List.of();
                }
                byte[] content = in.readNBytes(MAX_FILE_SIZE + 1);
                if (content.length > MAX_FILE_SIZE) {
                    throw EngineException.invalid("%s of the container is larger than %d bytes", path, MAX_FILE_SIZE);
                }
                return List.of(new String(content, StandardCharsets.UTF_8).split("\n"));
            } catch (LinuxException e) {
                return List.of(); // swapped for a link or removed since the look: as if missing
            }
        }
    }

    private static Integer parse(String text) {
        try {
            int value = Integer.parseInt(text);
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
