package io.wharf.builder.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Build context tars for tests: files, directories and links added in order. */
final class ContextTars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8");
    /** The entries' time, when set; otherwise the time each entry is made (commons-compress's default). */
    private java.util.Date modified;

    /** Entries from now on carry {@code time}, far from the moment the test runs. */
    ContextTars modifiedAt(java.time.Instant time) {
        modified = java.util.Date.from(time);
        return this;
    }

    private void put(TarArchiveEntry entry) throws IOException {
        if (modified != null) {
            entry.setModTime(modified);
        }
        tar.putArchiveEntry(entry);
    }

    ContextTars file(String name, String content) throws IOException {
        return file(name, content, 0644);
    }

    ContextTars file(String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100000 | mode);
        entry.setSize(data.length);
        put(entry);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    ContextTars directory(String name) throws IOException {
        return directory(name, 0755);
    }

    ContextTars directory(String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        entry.setMode(040000 | mode);
        put(entry);
        tar.closeArchiveEntry();
        return this;
    }

    ContextTars symlink(String name, String target) throws IOException {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    ContextTars hardLink(String name, String target) throws IOException {
        return link(name, target, TarConstants.LF_LINK);
    }

    private ContextTars link(String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLinkName(target);
        put(entry);
        tar.closeArchiveEntry();
        return this;
    }

    byte[] bytes() throws IOException {
        tar.close();
        return bytes.toByteArray();
    }
}
