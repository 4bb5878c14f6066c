package io.wharf.registry.support;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.DirectoryTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A storage driver for tests: each layer's tar is extracted into a directory of its own (like overlay's diff
 * directories, without the merged view), so the pull pipeline really unpacks what it downloads.
 */
public final class LayerDirDriver implements StorageDriver {
    private final Path home;

    public LayerDirDriver(Path home) throws IOException {
        this.home = home;
        Files.createDirectories(home);
    }

    @Override
    public String name() {
        return "layerdirs";
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
        Path tmp = home.resolve(".tmp-" + id);
        DirectoryTrees.delete(tmp);
        Files.createDirectories(tmp);
        try {
            long size = 0;
            TarArchiveInputStream in = new TarArchiveInputStream(tar);
            TarArchiveEntry e;
            byte[] buffer = new byte[256 * 1024];
            while ((e = in.getNextEntry()) != null) {
                Path target = tmp.resolve(e.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("escapes: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            out.write(buffer, 0, n);
                            size += n;
                        }
                    }
                }
            }
            Files.move(tmp, home.resolve(id));
            return size;
        } catch (IOException | RuntimeException ex) {
            DirectoryTrees.delete(tmp);
            throw ex;
        }
    }

    @Override
    public void createReadWrite(String id, String parentId) throws IOException {
        Files.createDirectories(home.resolve(id));
    }

    @Override
    public Path mount(String id, String mountLabel) {
        return home.resolve(id);
    }

    @Override
    public void unmount(String id) {
    }

    @Override
    public InputStream diff(String id) {
        return new ByteArrayInputStream(new byte[1024]); // two zero blocks: an empty tar
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
}
