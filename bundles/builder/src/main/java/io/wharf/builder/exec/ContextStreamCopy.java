package io.wharf.builder.exec;

import io.wharf.archive.CappedTarInputStream;
import io.wharf.linux.DirectoryHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * COPY of one context source straight from the context's tar into a step container's root filesystem, in one
 * pass over the spooled tar: the context is not unpacked first, so each file is created once instead of twice
 * (creating and deleting the unpacked files was most of a COPY of many small files). The result is what
 * unpacking and {@link RootfsWriter#copy} make: the copy's owner, the source's mode (or {@code --chmod}) and
 * times, links recreated, devices and FIFOs left out, and a directory's metadata set after its contents (in any
 * entry order). Only for an index whose paths are each one entry ({@link ContextIndex#oneEntryPerPath()}).
 */
final class ContextStreamCopy {
    /** A directory whose owner, mode and times are set once everything below it is written. */
    private record PendingDirectory(String path, int mode, FileTime accessed, FileTime modified) {
    }

    private final ContextIndex index;
    private final RootfsWriter writer;
    private final DirectoryHandle base;
    /** By path below the base: a directory entry's metadata, or 0755 for one the tar only implies. */
    private final Map<String, PendingDirectory> directories = new HashMap<>();
    /** The directory last written into (entries of one directory come together), kept open for the next. */
    private String openPath;
    private DirectoryHandle openDirectory;

    private ContextStreamCopy(ContextIndex index, RootfsWriter writer, DirectoryHandle base) {
        this.index = index;
        this.writer = writer;
        this.base = base;
    }

    /** The contents of directory {@code source} ({@code ""}: the context's root) into {@code target}. */
    static void children(InputStream tar, ContextIndex index, String source, RootfsWriter writer,
                         DirectoryHandle target) throws IOException {
        several(tar, index, List.of(source), writer, target);
    }

    /**
     * Several sources into {@code target}, each as {@link RootfsWriter#copy} (a file or link under its own name)
     * or {@link RootfsWriter#copyChildren} (a directory's contents) would write it; only for sources that
     * {@linkplain ContextIndex#disjoint write disjoint paths}, so that the tar's order cannot matter.
     */
    static void several(InputStream tar, ContextIndex index, List<String> sources, RootfsWriter writer,
                        DirectoryHandle target) throws IOException {
        Map<String, String> files = new HashMap<>();
        List<String> prefixes = new ArrayList<>();
        for (String source : sources) {
            if (index.entry(source).isDirectory()) {
                prefixes.add(source.isEmpty() ? "" : source + "/");
            } else {
                files.put(source, source.substring(source.lastIndexOf('/') + 1));
            }
        }
        ContextStreamCopy copy = new ContextStreamCopy(index, writer, target);
        try {
            copy.each(tar, path -> {
                String name = files.get(path);
                for (int i = 0; name == null && i < prefixes.size(); i++) {
                    String prefix = prefixes.get(i);
                    name = path.startsWith(prefix) && path.length() > prefix.length()
                            ? path.substring(prefix.length()) : null;
                }
                return name;
            });
            copy.finishDirectories();
        } finally {
            copy.closeOpen();
        }
    }

    /** The file or link {@code source} as {@code name} in {@code dir}. */
    static void single(InputStream tar, ContextIndex index, String source, RootfsWriter writer,
                       DirectoryHandle dir, String name) throws IOException {
        ContextStreamCopy copy = new ContextStreamCopy(index, writer, dir);
        try {
            copy.each(tar, path -> path.equals(source) ? name : null);
        } finally {
            copy.closeOpen();
        }
    }

    private interface Selection {
        /** Where a context path goes, relative to the base directory, or null when it is not copied. */
        String target(String contextPath);
    }

    private void each(InputStream tar, Selection selection) throws IOException {
        CappedTarInputStream in = new CappedTarInputStream(tar);
        for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            String path = ContextIndex.clean(entry.getName());
            ContextIndex.Entry indexed = path == null ? null : index.entry(path);
            String target = indexed == null ? null : selection.target(path); // not indexed: .dockerignore'd
            if (target != null) {
                write(target, indexed, entry, in);
            }
        }
    }

    private void write(String target, ContextIndex.Entry indexed, TarArchiveEntry entry, InputStream content)
            throws IOException {
        int slash = target.lastIndexOf('/');
        DirectoryHandle dir = directory(slash < 0 ? "" : target.substring(0, slash));
        String name = target.substring(slash + 1);
        FileTime modified = entry.getLastModifiedTime();
        FileTime accessed = entry.getLastAccessTime() != null ? entry.getLastAccessTime() : modified;
        switch (indexed.type()) {
            case 'd' -> {
                writer.directoryIn(dir, name).close();
                directories.put(target, new PendingDirectory(target, indexed.mode(), accessed, modified));
            }
            case 'l' -> writer.symbolicLink(dir, name, indexed.link());
            case 'f' -> {
                writer.file(dir, name, content);
                writer.finish(dir, name, indexed.mode(), accessed, modified);
            }
            default -> {
                // devices, sockets and FIFOs are not copied
            }
        }
    }

    /** The directory {@code path} below the base, made (with the parents) when an entry comes before its own. */
    private DirectoryHandle directory(String path) throws IOException {
        if (path.isEmpty()) {
            return base;
        }
        if (path.equals(openPath)) {
            return openDirectory;
        }
        closeOpen();
        DirectoryHandle current = null;
        StringBuilder walked = new StringBuilder();
        try {
            for (String part : path.split("/")) {
                DirectoryHandle next = writer.directoryIn(current == null ? base : current, part);
                if (current != null) {
                    current.close();
                }
                current = next;
                walked.append(walked.isEmpty() ? "" : "/").append(part);
                // unpacking makes a parent the tar does not name 0755, and the copy gives it the owner and mode
                String reached = walked.toString();
                directories.putIfAbsent(reached, new PendingDirectory(reached, 0755, null, null));
            }
        } catch (IOException | RuntimeException e) {
            if (current != null) {
                current.close();
            }
            throw e;
        }
        openPath = path;
        openDirectory = current;
        return current;
    }

    /** Owners, modes and times of the directories, deepest first, so that writing below one no longer moves it. */
    private void finishDirectories() throws IOException {
        closeOpen();
        List<PendingDirectory> deepestFirst = new ArrayList<>(directories.values());
        deepestFirst.sort(Comparator.comparingInt((PendingDirectory d) -> depth(d.path())).reversed());
        for (PendingDirectory d : deepestFirst) {
            int slash = d.path().lastIndexOf('/');
            DirectoryHandle parent = directory(slash < 0 ? "" : d.path().substring(0, slash));
            writer.finish(parent, d.path().substring(slash + 1), d.mode(), d.accessed(), d.modified());
        }
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    private void closeOpen() {
        if (openDirectory != null) {
            openDirectory.close();
            openDirectory = null;
            openPath = null;
        }
    }
}
