package io.wharf.imagestore;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.DirectoryTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A storage driver for tests: every layer is a full directory copy of its parent with the tar applied. */
final class DirDriver implements StorageDriver {
    final Path home;
    /** How many users each layer's mount has, as a real driver counts them. */
    final Map<String, Integer> mountUsers = new java.util.concurrent.ConcurrentHashMap<>();

    DirDriver(Path home) throws IOException {
        this.home = home;
        Files.createDirectories(home);
    }

    @Override
    public String name() {
        return "testfs";
    }

    @Override
    public List<Map.Entry<String, String>> status() {
        return List.of();
    }

    @Override
    public boolean exists(String id) {
        return Files.isDirectory(home.resolve(id));
    }

    @Override
    public long applyDiff(String id, String parentId, InputStream tar) throws IOException {
        if (exists(id)) {
            throw new IOException("layer exists: " + id);
        }
        Path tmp = home.resolve(".tmp-" + id);
        DirectoryTrees.delete(tmp);
        try {
            copy(parentId, tmp);
            long size = 0;
            TarArchiveInputStream in = new io.wharf.archive.CappedTarInputStream(tar);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path target = tmp.resolve(e.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("escapes: " + e.getName());
                }
                String base = target.getFileName() == null ? "" : target.getFileName().toString();
                if (base.startsWith(".wh.")) {
                    DirectoryTrees.delete(target.resolveSibling(base.substring(4)));
                } else if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                    size += e.getSize();
                }
            }
            Files.move(tmp, home.resolve(id));
            return size;
        } catch (IOException | RuntimeException ex) {
            DirectoryTrees.delete(tmp);
            throw ex;
        }
    }

    private void copy(String parentId, Path to) throws IOException {
        Files.createDirectories(to);
        if (parentId == null) {
            return;
        }
        Path from = home.resolve(parentId);
        if (!Files.isDirectory(from)) {
            throw new IOException("no parent " + parentId);
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Override
    public void createReadWrite(String id, String parentId) throws IOException {
        copy(parentId, home.resolve(id));
    }

    @Override
    public Path mount(String id, String mountLabel) {
        mountUsers.merge(id, 1, Integer::sum);
        return home.resolve(id);
    }

    @Override
    public void unmount(String id) {
        mountUsers.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
    }

    @Override
    public InputStream diff(String id) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path dir = home.resolve(id);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes); Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                if (p.equals(dir) || Files.isDirectory(p)) {
                    continue;
                }
                TarArchiveEntry e = new TarArchiveEntry(dir.relativize(p).toString());
                byte[] content = Files.readAllBytes(p);
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    @Override
    public List<Change> changes(String id) {
        return List.of();
    }

    @Override
    public long size(String id) throws IOException {
        try (Stream<Path> s = Files.walk(home.resolve(id))) {
            long total = 0;
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }

    @Override
    public void remove(String id) throws IOException {
        DirectoryTrees.delete(home.resolve(id));
    }

    @Override
    public void close() {
    }

    long layerCount() throws IOException {
        try (Stream<Path> s = Files.list(home)) {
            return s.count();
        }
    }
}
