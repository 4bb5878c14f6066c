package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The sources of a COPY/ADD below a root (the context, or another stage's mounted root filesystem): globs expanded
 * as Go's filepath.Match does (a {@code *} never crosses {@code /}), and their checksum for the cache: names, types,
 * modes, owners, link targets and contents, never times.
 */
final class CopySources {
    private CopySources() {
    }

    /** The matching paths of each pattern, in order; a pattern that matches nothing fails as in Docker. */
    static List<Path> resolve(Path root, List<String> patterns) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String pattern : patterns) {
            String clean = String.join("/", RootfsWriter.components(pattern));
            if (clean.isEmpty()) {
                out.add(root);
                continue;
            }
            if (!hasGlob(clean)) {
                Path p = ContextPaths.inside(root, clean);
                if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw EngineException.invalid("COPY failed: file not found in build context or excluded by "
                            + ".dockerignore: stat %s: file does not exist", clean);
                }
                out.add(p);
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + clean);
            int depth = clean.split("/").length;
            List<Path> matches;
            try (Stream<Path> walk = Files.walk(root, depth)) {
                matches = walk.filter(p -> !p.equals(root)).filter(p -> matcher.matches(root.relativize(p)))
                        .sorted().toList();
            }
            if (matches.isEmpty()) {
                throw EngineException.invalid("COPY failed: no source files were specified");
            }
            out.addAll(matches);
        }
        return out;
    }

    private static byte[] contentSha256(Path file) throws IOException {
        MessageDigest digest = Digest.newSha256();
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** As {@link #checksum(List, Function)}, reading every file's content. */
    static String checksum(List<Path> sources) throws IOException {
        return checksum(sources, file -> null);
    }

    /**
     * A checksum of the sources' trees (prefixed as Docker's history does: {@code file:}, {@code dir:},
     * {@code multi:}). Each file contributes its metadata and its content's SHA-256, which {@code knownContent}
     * supplies when the file was hashed as it arrived (null: the file is read here).
     */
    static String checksum(List<Path> sources, Function<Path, byte[]> knownContent) throws IOException {
        MessageDigest all = Digest.newSha256();
        for (Path source : sources) {
            add(all, source, source.getFileName() == null ? "" : source.getFileName().toString(), knownContent);
        }
        return prefixed(Digest.ofSha256(all).hex(), sources.size(),
                Files.isDirectory(sources.get(0), LinkOption.NOFOLLOW_LINKS));
    }

    /** Docker's history prefix for a sources checksum: several sources, one directory, or one file. */
    static String prefixed(String hex, int sources, boolean firstIsDirectory) {
        return (sources > 1 ? "multi:" : firstIsDirectory ? "dir:" : "file:") + hex;
    }

    /** One tree node's metadata, as the checksum covers it (contents follow for files, children for directories). */
    static void header(MessageDigest digest, String name, char type, int mode, String owner, String group,
                       String link) {
        String header = name + "\0" + type + "\0" + mode + "\0" + owner + "\0" + group + "\0" + link + "\0";
        digest.update(header.getBytes(StandardCharsets.UTF_8));
    }

    private static void add(MessageDigest digest, Path path, String name, Function<Path, byte[]> knownContent)
            throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        header(digest, name, a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : a.isRegularFile() ? 'f' : 'o',
                RootfsWriter.mode(path), a.owner().getName(), a.group().getName(),
                a.isSymbolicLink() ? Files.readSymbolicLink(path).toString() : "");
        if (a.isRegularFile()) {
            byte[] known = knownContent.apply(path);
            digest.update(known != null ? known : contentSha256(path));
        } else if (a.isDirectory()) {
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                add(digest, child, name + "/" + child.getFileName(), knownContent);
            }
        }
    }
}
