package io.wharf.containerfiles;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A path a client named in a container, resolved: where it is in the container (no symbolic links left, except
 * a last one the client did not ask to follow), where that is on the host, and its lstat (null when missing).
 */
public record ContainerPath(String requested, List<String> components, Path host, UnixStat stat) {

    /** Resolves {@code requested} as Docker's stat does: lexically cleaned, then symbolic links followed in scope. */
    public static ContainerPath lookup(ContainerFilesystem fs, String requested) throws IOException {
        List<String> components = fs.resolve(ContainerPaths.clean("/" + requested),
                ContainerPaths.followsLast(requested));
        Path host = fs.hostPath(components);
        return new ContainerPath(requested, components, host, statOrNull(host));
    }

    /** Resolves {@code requested} with every symbolic link followed, the last one too (extraction targets). */
    public static ContainerPath followAll(ContainerFilesystem fs, String requested) throws IOException {
        List<String> components = fs.resolve(ContainerPaths.clean("/" + requested), true);
        Path host = fs.hostPath(components);
        return new ContainerPath(requested, components, host, statOrNull(host));
    }

    public boolean exists() {
        return stat != null;
    }

    /** The stat header: for a symbolic link, its target fully resolved inside the container. */
    public PathStat pathStat(ContainerFilesystem fs) throws IOException {
        String linkTarget = "";
        if (stat.isSymlink()) {
            linkTarget = ContainerPaths.join(fs.resolve(ContainerPaths.clean("/" + requested), true));
        }
        return PathStat.of(ContainerPaths.baseName(requested), stat, linkTarget);
    }

    private static UnixStat statOrNull(Path host) throws IOException {
        if (ContainerFilesystem.lstatOrNull(host) == null) {
            return null;
        }
        try {
            return UnixStat.of(host);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
