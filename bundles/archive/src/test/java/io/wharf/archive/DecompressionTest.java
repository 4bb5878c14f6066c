package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The memory bounds of the decompressors, attacked with headers that ask for more. */
class DecompressionTest {
    private static byte[] gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A gzip member whose header carries a file name of {@code nameLength} bytes (FNAME, up to a NUL). */
    private static InputStream gzipWithName(long nameLength, String content) throws IOException {
        byte[] plain = gzip(content);
        byte[] head = java.util.Arrays.copyOf(plain, 10);
        head[3] = 0x08; // FNAME
        return HostileStreams.concat(new ByteArrayInputStream(head), HostileStreams.repeat((byte) 'n', nameLength),
                new ByteArrayInputStream(new byte[] {0}),
                new ByteArrayInputStream(java.util.Arrays.copyOfRange(plain, 10, plain.length)));
    }

    @Test
    void concatenatedGzipMembersAreAllRead() throws IOException {
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(gzip("first "));
        two.writeBytes(gzipWithName(1000, "second").readAllBytes());
        try (InputStream in = Decompression.decompress(new ByteArrayInputStream(two.toByteArray()))) {
            assertEquals("first second", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anEndlessGzipFileNameIsRefused() throws IOException {
        HostileStreams.Counting in = new HostileStreams.Counting(gzipWithName(3L << 29, "x"));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> Decompression.decompress(in).readAllBytes());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
        assertTrue(in.count < 2 * Decompression.GZIP_HEADER_LIMIT, "read " + in.count);
    }

    @Test
    void aHugeNameInALaterGzipMemberIsRefused() throws IOException {
        InputStream in = HostileStreams.concat(new ByteArrayInputStream(gzip("first")),
                gzipWithName(3L << 29, "x"));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> Decompression.decompress(in).readAllBytes());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void xzAskingForAGigabyteDictionaryIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        org.tukaani.xz.LZMA2Options options = new org.tukaani.xz.LZMA2Options();
        options.setDictSize(1 << 20);
        try (OutputStream out = new org.tukaani.xz.XZOutputStream(bytes, options)) {
            out.write("content".getBytes(StandardCharsets.UTF_8));
        }
        byte[] ok = bytes.toByteArray();
        try (InputStream in = Decompression.decompress(new ByteArrayInputStream(ok))) {
            assertEquals("content", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        // The block header after the 12-byte stream header: size, flags, filter LZMA2 (0x21), 1 property byte:
        // the dictionary size. 36 means 1 GiB. Then padding and the header's CRC32.
        byte[] bomb = ok.clone();
        int start = 12;
        int headerSize = ((bomb[start] & 0xff) + 1) * 4;
        assertArrayEquals(new byte[] {0x21, 0x01}, java.util.Arrays.copyOfRange(bomb, start + 2, start + 4));
        bomb[start + 4] = 36;
        CRC32 crc = new CRC32();
        crc.update(bomb, start, headerSize - 4);
        long value = crc.getValue();
        for (int i = 0; i < 4; i++) {
            bomb[start + headerSize - 4 + i] = (byte) (value >>> (8 * i));
        }
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> Decompression.decompress(new ByteArrayInputStream(bomb)).readAllBytes());
        assertTrue(e.getMessage().contains("more than the limit of " + Decompression.XZ_MEMORY_LIMIT_KIB + " KiB"),
                e.getMessage());
    }

    /** gzip, bzip2, xz and zstd cut short or corrupted: the client's bad input, naming the compression. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gzip", "bzip2", "xz", "zstd"})
    void compressedDataCutShortOrCorruptIsInvalidInput(String kind) throws IOException {
        byte[] whole = compress(kind, "some content to compress ".repeat(200));
        assertEquals(5000, Decompression.decompress(new ByteArrayInputStream(whole)).readAllBytes().length);
        for (int cut : new int[] {7, whole.length / 2, whole.length - 3}) {
            byte[] shorter = java.util.Arrays.copyOf(whole, cut);
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                    () -> Decompression.decompress(new ByteArrayInputStream(shorter)).readAllBytes(), "cut " + cut);
            assertTrue(e.getMessage().startsWith("invalid " + kind + ": "), e.getMessage());
        }
        byte[] corrupt = whole.clone();
        corrupt[whole.length / 2] ^= 0x55;
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> Decompression.decompress(new ByteArrayInputStream(corrupt)).readAllBytes());
        assertTrue(e.getMessage().startsWith("invalid " + kind + ": "), e.getMessage());
    }

    /** A zstd-compressed tar (docker's ADD and build contexts take them) reads as the tar it holds. */
    @Test
    void aZstdTarIsRead() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
            byte[] content = "zstd content\n".getBytes(StandardCharsets.UTF_8);
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry("dir/file.txt");
            entry.setSize(content.length);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
        byte[] zst = compress("zstd", tar.toByteArray());
        assertEquals(Decompression.Kind.ZSTD, Decompression.detect(zst, zst.length));
        try (CappedTarInputStream in =
                new CappedTarInputStream(Decompression.decompress(new ByteArrayInputStream(zst)))) {
            var entry = in.getNextEntry();
            assertEquals("dir/file.txt", entry.getName());
            assertEquals("zstd content\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(null, in.getNextEntry());
        }
    }

    /** A zstd frame whose window (the memory its decoder needs) is 256 MiB, above zstd's default limit of 128 MiB. */
    @Test
    void zstdAskingForMoreThan128MiBOfWindowIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new com.github.luben.zstd.ZstdOutputStream(bytes).setWindowLog(28)) {
            out.write("content".getBytes(StandardCharsets.UTF_8));
        }
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> Decompression.decompress(new ByteArrayInputStream(bytes.toByteArray())).readAllBytes());
        assertTrue(e.getMessage().startsWith("invalid zstd: "), e.getMessage());
    }

    /** A source that fails (a client's connection reset) is not the data's fault: its exception passes. */
    @Test
    void aFailingSourceKeepsItsOwnException() throws IOException {
        IOException reset = new IOException("connection reset");
        byte[] whole = compress("gzip", "content ".repeat(1000));
        InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(whole, 0, 20),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw reset;
                    }
                });
        assertEquals(reset, assertThrows(IOException.class,
                () -> Decompression.decompress(failing).readAllBytes()));
    }

    private static byte[] compress(String kind, String content) throws IOException {
        return compress(kind, content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] compress(String kind, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (kind) {
            case "gzip" -> new GZIPOutputStream(bytes);
            case "bzip2" -> new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bytes);
            case "zstd" -> new com.github.luben.zstd.ZstdOutputStream(bytes).setChecksum(true);
            default -> new org.tukaani.xz.XZOutputStream(bytes, new org.tukaani.xz.LZMA2Options());
        }) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
