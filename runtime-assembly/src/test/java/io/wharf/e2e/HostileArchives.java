package io.wharf.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Small gzip files that expand to gigabytes, written as concatenated gzip members: one member of 1 MiB of the
 * same byte is compressed once and repeated, so nothing of the expanded size is ever made in the test.
 */
final class HostileArchives {
    static final long GIB_AND_A_HALF = 3L << 29;
    private static final int BLOCK = 1 << 20;

    private HostileArchives() {
    }

    /** A gzipped tar whose first entry is a GNU long name ('L') of {@code size} bytes, then a small file. */
    static Path longNameLayer(Path file, long size) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzip(header("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, size)));
            repeat(out, (byte) 'a', size);
            out.write(gzip(tail(size, "f")));
        }
        return file;
    }

    /** A gzipped tar with one regular file of {@code size} zero bytes: a decompression bomb. */
    static Path zeroFileLayer(Path file, long size) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzip(header("zeros", TarConstants.LF_NORMAL, size)));
            repeat(out, (byte) 0, size);
            out.write(gzip(tail(size, null)));
        }
        return file;
    }

    /** A docker-save tarball of one image tagged {@code tag} whose only layer is {@code layer} (any diff ID). */
    static Path savedImage(Path file, Path layer, String tag) throws IOException {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\"layer.tar.gz\"]}]";
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            put(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            put(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
            TarArchiveEntry entry = new TarArchiveEntry("layer.tar.gz");
            entry.setSize(Files.size(layer));
            tar.putArchiveEntry(entry);
            Files.copy(layer, tar);
            tar.closeArchiveEntry();
        }
        return file;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    static byte[] header(String name, byte type, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setSize(size);
        entry.setMode(0644);
        byte[] record = new byte[512];
        entry.writeEntryHeader(record);
        return record;
    }

    /** The padding of an entry of {@code size} bytes, optionally a small empty file, and the end of the archive. */
    private static byte[] tail(long size, String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[(int) ((512 - size % 512) % 512)]);
        if (file != null) {
            out.writeBytes(header(file, TarConstants.LF_NORMAL, 0));
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void repeat(OutputStream out, byte fill, long size) throws IOException {
        byte[] block = new byte[BLOCK];
        java.util.Arrays.fill(block, fill);
        byte[] member = gzip(block);
        for (long left = size; left > 0; left -= BLOCK) {
            out.write(left >= BLOCK ? member : gzip(java.util.Arrays.copyOf(block, (int) left)));
        }
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
