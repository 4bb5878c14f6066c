package io.wharf.containerfiles;

import java.util.ArrayList;
import java.util.List;

/** Container paths as lists of components, and the names Docker derives from the path a client gives. */
public final class ContainerPaths {
    private ContainerPaths() {
    }

    /** Lexically cleans an absolute path: {@code .} and empty parts dropped, {@code ..} stops at the root. */
    public static List<String> clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return parts;
    }

    public static String join(List<String> components) {
        return "/" + String.join("/", components);
    }

    /**
     * Whether the client asked for what a directory path with a trailing separator or {@code /.} names (Docker's
     * PreserveTrailingDotOrSeparator): then the last component is followed when it is a symbolic link.
     */
    public static boolean followsLast(String path) {
        return path.endsWith("/") || path.endsWith("/.") || path.equals(".");
    }

    /**
     * {@code filepath.Base} of Docker's absPath: the last component, {@code .} for a trailing {@code /.}, and
     * {@code /} for the root. Archive entries and the stat's name use it.
     */
    public static String baseName(String path) {
        String absolute = "/" + path;
        if (absolute.endsWith("/.")) {
            return ".";
        }
        List<String> clean = clean(absolute);
        return clean.isEmpty() ? "/" : clean.get(clean.size() - 1);
    }
}
