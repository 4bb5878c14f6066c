package io.wharf.containerfiles;

import io.wharf.linux.Statx;
import java.io.IOException;
import java.util.List;

/**
 * A path a client named in a container, resolved: where it is in the container (no symbolic links left, except
 * a last one the client did not ask to follow) and its lstat (null when missing). It holds no descriptor: work on
 * it locates it again, which is as safe as the first time.
 */
public record ContainerPath(String requested, List<String> components, Statx stat) {

    /** Resolves {@code requested} as Docker's stat does: lexically cleaned, then symbolic links followed in scope. */
    public static ContainerPath lookup(ContainerFilesystem fs, String requested) throws IOException {
        return resolve(fs, requested, ContainerPaths.followsLast(requested));
    }

    /** Resolves {@code requested} with every symbolic link followed, the last one too (extraction targets). */
    public static ContainerPath followAll(ContainerFilesystem fs, String requested) throws IOException {
        return resolve(fs, requested, true);
    }

    private static ContainerPath resolve(ContainerFilesystem fs, String requested, boolean followLast)
            throws IOException {
        List<String> components = ContainerPaths.clean("/" + requested);
        try (ContainerFilesystem.Entry entry = fs.locate(components, followLast)) {
            if (entry == null) {
                return new ContainerPath(requested, components, null);
            }
            return new ContainerPath(requested, entry.components(), entry.statOrNull());
        }
    }

    public boolean exists() {
        return stat != null;
    }

    /** The stat header: for a symbolic link, its target fully resolved inside the container. */
    public PathStat pathStat(ContainerFilesystem fs) throws IOException {
        String linkTarget = "";
        if (stat.isSymlink()) {
            linkTarget = ContainerPaths.join(fs.resolve(ContainerPaths.clean("/" + requested)));
        }
        return PathStat.of(ContainerPaths.baseName(requested), stat, linkTarget);
    }
}
