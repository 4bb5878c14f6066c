package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.archive.DirectoryTrees;
import io.wharf.builder.remote.HttpDownloads;
import io.wharf.builder.remote.RemoteUrls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The URLs of an {@code ADD}, downloaded as the classic builder does: named after the URL's last path element (or
 * Content-Disposition), mode 0600, modified at {@code Last-Modified} (the epoch when absent), never unpacked.
 * Each lands in a directory of its own under the build's scratch directory; closing deletes them.
 */
final class RemoteSources implements AutoCloseable {
    private final HttpDownloads downloads;
    private final Path scratch;
    private final Set<Path> files = new HashSet<>();
    private Path directory;

    RemoteSources(HttpDownloads downloads, Path scratch) {
        this.downloads = downloads;
        this.scratch = scratch;
    }

    static boolean isUrl(String source) {
        return RemoteUrls.isHttp(source);
    }

    /** Downloads {@code url} and returns the file. */
    Path download(String url) throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory(scratch, "remote-");
        }
        try (HttpDownloads.Download download = downloads.get(url)) {
            String name = RemoteUrls.fileName(url, download.contentDisposition()).orElseThrow(() ->
                    EngineException.invalid("cannot determine filename for source %s", url));
            Path own = Files.createTempDirectory(directory, "url-");
            Path file = own.resolve(name);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (InputStream in = download.body(); var out = Files.newOutputStream(file)) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                try {
                    DirectoryTrees.delete(own); // a partial download (over the limit, cut off) goes at once
                } catch (IOException notDeleted) {
                    e.addSuppressed(notDeleted); // close() tries again
                }
                throw e;
            }
            FileTime modified = FileTime.from(download.lastModifiedTime().orElse(Instant.EPOCH));
            Files.getFileAttributeView(file, java.nio.file.attribute.BasicFileAttributeView.class)
                    .setTimes(modified, modified, null);
            files.add(file);
            return file;
        }
    }

    /** Whether {@code file} came from a URL (ADD never unpacks those). */
    boolean downloaded(Path file) {
        return files.contains(file);
    }

    @Override
    public void close() throws IOException {
        if (directory != null) {
            DirectoryTrees.delete(directory);
        }
    }
}
