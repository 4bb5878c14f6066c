package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.archive.CappedTarInputStream;
import io.wharf.archive.InvalidArchiveException;
import io.wharf.archive.Whiteouts;
import io.wharf.builder.ignore.DockerIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a build context holds, read from its tar headers as it streams in, without writing a file: each path's type,
 * mode, owner, link target and content digest. COPY/ADD resolve their sources and compute their cache checksum
 * here, so a build whose steps all hit the cache never unpacks the context.
 *
 * <p>The index is {@linkplain #exact() exact} when it describes what unpacking would produce; a tar that writes
 * through a symbolic link it made, links to what it does not hold, or climbs out of its root is not, and then the
 * caller unpacks and reads the files instead.
 */
final class ContextIndex {
    /** A path's metadata: type {@code d}, {@code f}, {@code l} or {@code o}; sha256 for regular files only. */
    record Entry(char type, int mode, long uid, long gid, String link, byte[] sha256) {
        boolean isDirectory() {
            return type == 'd';
        }
    }

    private static final Entry IMPLICIT_DIRECTORY = new Entry('d', 0755, 0, 0, "", null);
    private static final Comparator<String> PATH_ORDER = Comparator.comparing(Path::of);

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, TreeSet<String>> children = new HashMap<>();
    private final Map<String, byte[]> kept = new HashMap<>();
    private final byte[] buffer = new byte[64 << 10];
    /** One digest for all files (digest() resets it): a context has thousands, each digest holds native memory. */
    private final MessageDigest fileDigest = Digest.newSha256();
    private boolean exact = true;
    /** Whether each path came from one tar entry of its own (no hard link, whiteout or repeated name). */
    private boolean oneEntryPerPath = true;

    private ContextIndex() {
        entries.put("", IMPLICIT_DIRECTORY);
    }

    /** The index of a context without files (a Dockerfile sent bare). */
    static ContextIndex empty() {
        return new ContextIndex();
    }

    /**
     * Reads a whole tar, hashing every regular file's content as it passes, and keeps the content of the files
     * named in {@code keep} (the Dockerfile, the ignore files) when at most {@code keepLimit} bytes.
     */
    static ContextIndex read(InputStream tar, Set<String> keep, int keepLimit) throws IOException {
        ContextIndex index = new ContextIndex();
        CappedTarInputStream in = new CappedTarInputStream(tar);
        try {
            var entry = in.getNextEntry();
            for (; entry != null; entry = in.getNextEntry()) {
                index.add(entry, in, keep, keepLimit);
            }
        } catch (IllegalArgumentException e) { // commons-compress reports some malformed headers this way
            throw new InvalidArchiveException("invalid build context: corrupt tar: " + e.getMessage(), e);
        }
        tar.transferTo(OutputStream.nullOutputStream());
        return index;
    }

    private void add(org.apache.commons.compress.archivers.tar.TarArchiveEntry entry, InputStream content,
                     Set<String> keep, int keepLimit) throws IOException {
        String path = clean(entry.getName());
        if (path == null || (path.isEmpty() && !entry.isDirectory())) {
            exact = false;
            return;
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (base.startsWith(Whiteouts.META_PREFIX)) {
            return; // aufs metadata and opaque markers: nothing below a fresh root to hide
        }
        if (base.startsWith(Whiteouts.PREFIX)) {
            oneEntryPerPath = false;
            String hidden = base.substring(Whiteouts.PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                exact = false; // unpacking rejects it with its own message
            }
            remove(sibling(path, hidden));
            return;
        }
        if (!parentsAreDirectories(path)) {
            exact = false;
            return;
        }
        int mode = entry.getMode() & 07777;
        Entry made;
        if (entry.isLink()) {
            Entry target = entries.get(clean(entry.getLinkName()));
            if (target == null || target.type() != 'f' || keep.contains(path)) {
                exact = false;
                return;
            }
            made = target;
            oneEntryPerPath = false;
        } else if (entry.isDirectory()) {
            made = new Entry('d', mode, entry.getLongUserId(), entry.getLongGroupId(), "", null);
        } else if (entry.isSymbolicLink()) {
            made = new Entry('l', mode, entry.getLongUserId(), entry.getLongGroupId(), entry.getLinkName(), null);
        } else if (entry.isFile()) {
            made = new Entry('f', mode, entry.getLongUserId(), entry.getLongGroupId(), "",
                    hash(content, keep.contains(path) ? path : null, keepLimit));
        } else {
            made = new Entry('o', mode, entry.getLongUserId(), entry.getLongGroupId(), "", null);
        }
        Entry existing = entries.get(path);
        if (existing != null && existing != IMPLICIT_DIRECTORY) {
            oneEntryPerPath = false;
        }
        if (existing != null && !(existing.isDirectory() && made.isDirectory())) {
            remove(path);
        }
        if (!path.isEmpty()) {
            makeParents(path);
            children.computeIfAbsent(parent(path), p -> new TreeSet<>()).add(path);
        }
        entries.put(path, made);
    }

    private byte[] hash(InputStream content, String keptName, int keepLimit) throws IOException {
        MessageDigest sha = fileDigest;
        if (keptName != null) {
            byte[] head = content.readNBytes(keepLimit + 1);
            sha.update(head);
            if (head.length <= keepLimit) {
                kept.put(keptName, head);
            } else {
                kept.remove(keptName);
            }
        }
        int n;
        while ((n = content.read(buffer)) > 0) { // one buffer for all files: a context has thousands
            sha.update(buffer, 0, n);
        }
        return sha.digest();
    }

    private boolean parentsAreDirectories(String path) {
        for (String p = parent(path); !p.isEmpty(); p = parent(p)) {
            Entry e = entries.get(p);
            if (e != null) {
                return e.isDirectory(); // the ones above were checked when this one was added
            }
        }
        return true;
    }

    private void makeParents(String path) {
        String p = parent(path);
        if (p.isEmpty() || entries.containsKey(p)) {
            return;
        }
        makeParents(p);
        entries.put(p, IMPLICIT_DIRECTORY);
        children.computeIfAbsent(parent(p), q -> new TreeSet<>()).add(p);
    }

    private void remove(String path) {
        Entry gone = entries.remove(path);
        if (gone == null) {
            return;
        }
        TreeSet<String> below = children.remove(path);
        if (below != null) {
            new ArrayList<>(below).forEach(this::remove);
        }
        TreeSet<String> siblings = children.get(parent(path));
        if (siblings != null) {
            siblings.remove(path);
        }
    }

    /**
     * Drops what {@code ignore} excludes, as unpacking and deleting would: every excluded non-directory, then each
     * excluded directory left empty (one holding a re-included file stays).
     */
    void applyIgnore(DockerIgnore ignore) {
        List<String> paths = new ArrayList<>(entries.keySet());
        paths.remove("");
        for (String p : paths) {
            Entry e = entries.get(p);
            if (e != null && !e.isDirectory() && ignore.excludes(p)) {
                remove(p);
            }
        }
        paths.sort(Comparator.<String>naturalOrder().reversed()); // children before their directory
        for (String p : paths) {
            Entry e = entries.get(p);
            if (e != null && e.isDirectory() && ignore.excludes(p) && !hasChildren(p)) {
                remove(p);
            }
        }
    }

    private boolean hasChildren(String dir) {
        TreeSet<String> below = children.get(dir);
        return below != null && !below.isEmpty();
    }

    boolean exact() {
        return exact;
    }

    /**
     * Whether every path of the index is the one tar entry of that name, so that a step can take the files from
     * the tar as it streams ({@link ContextStreamCopy}) instead of unpacking it: no hard links (their content is
     * another entry's), whiteouts or names given twice.
     */
    boolean oneEntryPerPath() {
        return exact && oneEntryPerPath;
    }

    Entry entry(String path) {
        return entries.get(path);
    }

    /** The content of a file named in {@code keep} when read, if it is still a regular file there. */
    byte[] keptContent(String path) {
        Entry e = entries.get(path);
        return e != null && e.type() == 'f' ? kept.get(path) : null;
    }

    /**
     * The sources a COPY/ADD pattern names, as paths relative to the context ({@code ""} is its root); a pattern that
     * names nothing fails as in Docker. Globs match as {@link CopySources#resolve} does on disk.
     */
    List<String> resolve(String pattern) {
        String clean = String.join("/", RootfsWriter.components(pattern));
        if (clean.isEmpty()) {
            return List.of("");
        }
        if (!CopySources.hasGlob(clean)) {
            if (!entries.containsKey(clean)) {
                throw EngineException.invalid("COPY failed: file not found in build context or excluded by "
                        + ".dockerignore: stat %s: file does not exist", clean);
            }
            return List.of(clean);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + clean);
        int depth = clean.split("/").length;
        List<String> matches = entries.keySet().stream()
                .filter(p -> !p.isEmpty() && p.split("/").length <= depth && matcher.matches(Path.of(p)))
                .sorted(PATH_ORDER).toList();
        if (matches.isEmpty()) {
            throw EngineException.invalid("COPY failed: no source files were specified");
        }
        return matches;
    }

    /**
     * Whether copying {@code sources} (paths of this index) into one directory writes each path from one source
     * only: none lies within another, and no two write the same name (a file or link its own, a directory each
     * path below it), so the copy's result does not depend on the order in which the sources are taken.
     */
    boolean disjoint(List<String> sources) {
        for (int i = 0; i < sources.size(); i++) {
            for (int j = 0; j < sources.size(); j++) {
                String a = sources.get(i);
                String b = sources.get(j);
                if (i != j && (a.isEmpty() || a.equals(b) || b.startsWith(a + "/"))) {
                    return false;
                }
            }
        }
        Set<String> written = new java.util.HashSet<>();
        for (String source : sources) {
            if (entries.get(source).isDirectory() ? !addBelow(source, "", written)
                    : !written.add(source.substring(source.lastIndexOf('/') + 1))) {
                return false;
            }
        }
        return true;
    }

    /** Adds each path below {@code dir} (as {@code prefix} + its path there); false when one was there. */
    private boolean addBelow(String dir, String prefix, Set<String> written) {
        for (String child : children.getOrDefault(dir, new TreeSet<>())) {
            String name = prefix + child.substring(child.lastIndexOf('/') + 1);
            if (!written.add(name) || entries.get(child).isDirectory() && !addBelow(child, name + "/", written)) {
                return false;
            }
        }
        return true;
    }

    /** The cache checksum of {@code sources} (paths of this index), in {@link CopySources#checksum}'s form. */
    String checksum(List<String> sources) {
        MessageDigest all = Digest.newSha256();
        for (String source : sources) {
            add(all, source, source.substring(source.lastIndexOf('/') + 1));
        }
        return CopySources.prefixed(Digest.ofSha256(all).hex(), sources.size(),
                entries.get(sources.get(0)).isDirectory());
    }

    private void add(MessageDigest digest, String path, String name) {
        Entry e = entries.get(path);
        CopySources.header(digest, name, e.type(), e.mode(), Long.toString(e.uid()), Long.toString(e.gid()),
                e.link());
        if (e.type() == 'f') {
            digest.update(e.sha256());
        } else if (e.isDirectory()) {
            for (String child : children.getOrDefault(path, new TreeSet<>())) {
                add(digest, child, name + "/" + child.substring(child.lastIndexOf('/') + 1));
            }
        }
    }

    /** A tar entry's name relative to the root ({@code ""} for the root), or null when it climbs out. */
    static String clean(String name) {
        if (isClean(name)) { // what tar writers send: no split and join for each of thousands of entries
            return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        }
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    /** A relative name without empty, {@code .} or {@code ..} components (a trailing slash allowed). */
    private static boolean isClean(String name) {
        int end = name.endsWith("/") ? name.length() - 1 : name.length();
        if (end <= 0) {
            return false;
        }
        int start = 0;
        while (start <= end) {
            int slash = name.indexOf('/', start);
            int stop = slash < 0 || slash > end ? end : slash;
            int length = stop - start;
            if (length == 0 || name.charAt(start) == '.' && (length == 1 || length == 2
                    && name.charAt(start + 1) == '.')) {
                return false;
            }
            start = stop + 1;
        }
        return true;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String sibling(String path, String name) {
        String parent = parent(path);
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
