package io.wharf.api.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Small layer tars for driver tests: {@code "dir/"} is a directory, {@code "name=content"} a file. */
public final class Tars {
    private Tars() {
    }

    public static InputStream of(String... entries) throws IOException {
        return new ByteArrayInputStream(bytes(entries));
    }

    public static byte[] bytes(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            for (String spec : entries) {
                String[] nameAndContent = spec.split("=", 2);
                String name = nameAndContent[0];
                boolean dir = name.endsWith("/");
                byte[] data = nameAndContent.length > 1 ? nameAndContent[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
                TarArchiveEntry entry = new TarArchiveEntry(name, dir ? TarConstants.LF_DIR : TarConstants.LF_NORMAL, true);
                entry.setMode(dir ? 0755 : 0644);
                entry.setSize(data.length);
                entry.setModTime(1_600_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A symlink {@code link -> target}, then a file written through it ({@code through}, e.g. link/file). */
    public static InputStream withSymlinkThenFile(String link, String target, String through) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            TarArchiveEntry symlink = new TarArchiveEntry(link, TarConstants.LF_SYMLINK, true);
            symlink.setLinkName(target);
            tar.putArchiveEntry(symlink);
            tar.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry(through, TarConstants.LF_NORMAL, true);
            file.setSize(1);
            tar.putArchiveEntry(file);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
