package io.wharf.containerfiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Hand-made tars for tests, hostile ones included. */
public final class Tars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8");

    public Tars() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    public Tars dir(String name) throws IOException {
        return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true), 0755, null);
    }

    public Tars file(String name, String content) throws IOException {
        return put(new TarArchiveEntry(name, TarConstants.LF_NORMAL, true), 0644, content);
    }

    public Tars file(String name, String content, int mode, int uid) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setUserId(uid);
        entry.setGroupId(uid);
        return put(entry, mode, content);
    }

    public Tars symlink(String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return put(entry, 0777, null);
    }

    public Tars hardlink(String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return put(entry, 0644, null);
    }

    private Tars put(TarArchiveEntry entry, int mode, String content) throws IOException {
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        entry.setMode(mode);
        entry.setSize(data.length);
        entry.setModTime(1_600_000_000_000L);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    public byte[] bytes() throws IOException {
        tar.finish();
        tar.close();
        return bytes.toByteArray();
    }

    public InputStream stream() throws IOException {
        return new ByteArrayInputStream(bytes());
    }

    /** Entry names in tar order, links as "name -> target" or "name => target" (hard). */
    public static List<String> names(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, TarArchiveEntry> e : entries(tar).entrySet()) {
            TarArchiveEntry entry = e.getValue();
            String suffix = entry.isSymbolicLink() ? " -> " + entry.getLinkName()
                    : entry.isLink() ? " => " + entry.getLinkName() : "";
            names.add(e.getKey() + suffix);
        }
        return names;
    }

    public static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    public static Map<String, String> contents(byte[] tar) throws IOException {
        Map<String, String> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isFile() && !entry.isLink()) {
                    contents.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return contents;
    }
}
