package io.wharf.archive;

import static io.wharf.archive.HostileStreams.concat;
import static io.wharf.archive.HostileStreams.fileAndEnd;
import static io.wharf.archive.HostileStreams.header;
import static io.wharf.archive.HostileStreams.padding;
import static io.wharf.archive.HostileStreams.repeat;
import static io.wharf.archive.HostileStreams.special;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits of the tar reader, each attacked with a stream far larger than the heap would hold. */
class CappedTarInputStreamTest {
    private static final long HUGE = 3L << 29; // 1.5 GiB

    private static List<String> names(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        try (CappedTarInputStream tar = new CappedTarInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName() + (e.getLinkName().isEmpty() ? "" : " -> " + e.getLinkName()));
            }
        }
        return names;
    }

    /** A tar of files of 1, 511, 512, 513 and 0 bytes, a directory and a link, then 1000 bytes of trailing data. */
    private static byte[] oddSizes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            for (int size : new int[] {1, 511, 512, 513, 0}) {
                TarArchiveEntry e = new TarArchiveEntry("f" + size);
                e.setSize(size);
                tar.putArchiveEntry(e);
                tar.write("x".repeat(size).getBytes(StandardCharsets.US_ASCII));
                tar.closeArchiveEntry();
            }
            tar.putArchiveEntry(new TarArchiveEntry("d/"));
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("l", TarConstants.LF_SYMLINK);
            link.setLinkName("f1");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            tar.finish();
        }
        out.write(new byte[1000]);
        return out.toByteArray();
    }

    /** Entries read whole, in part or not at all: each next header is found past the padding, counted. */
    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 600})
    void entriesAreFoundPastThePaddingHoweverMuchOfTheirContentWasRead(int readEach) throws IOException {
        byte[] bytes = oddSizes();
        List<String> seen = entries(new CappedTarInputStream(new ByteArrayInputStream(bytes)), readEach);
        // commons-compress's own reader, skipping the padding itself, reads the same (and counts the same bytes)
        assertEquals(entries(new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new ByteArrayInputStream(bytes)), readEach), seen);
        int n = Math.max(readEach, 0);
        List<String> expected = new ArrayList<>();
        for (int size : new int[] {1, 511, 512, 513, 0}) {
            expected.add("f" + size + ":" + (readEach < 0 ? size : Math.min(size, n)));
        }
        expected.addAll(List.of("d/:0", "l:0"));
        assertEquals(expected, seen.subList(0, seen.size() - 1));
    }

    /** Each entry's name and how many bytes of it were read, then the bytes the reader counted. */
    private static List<String> entries(org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar,
                                        int readEach) throws IOException {
        List<String> seen = new ArrayList<>();
        try (tar) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                byte[] content = readEach < 0 ? tar.readAllBytes() : tar.readNBytes(readEach);
                seen.add(e.getName() + ":" + content.length);
            }
            seen.add("read " + tar.getBytesRead());
        }
        return seen;
    }

    @Test
    void aTarCutInThePaddingIsTruncated() throws IOException {
        byte[] cut = java.util.Arrays.copyOf(oddSizes(), 512 + 100); // the header of f1 and part of its padding
        try (CappedTarInputStream tar = new CappedTarInputStream(new ByteArrayInputStream(cut))) {
            assertEquals("f1", tar.getNextEntry().getName());
            IOException e = assertThrows(IOException.class, tar::getNextEntry);
            assertTrue(e.getMessage().contains("Truncated"), e.getMessage());
        }
    }

    /** Cut inside the second header (f511's) or inside f513's content: invalid input naming where, never EOF. */
    @ParameterizedTest
    @ValueSource(ints = {100, 1024 + 100, 1024 + 511, 3 * 512 + 1, 7 * 512 + 200})
    void aTarCutInsideAHeaderOrAFilesContentIsInvalidInput(int length) throws IOException {
        byte[] cut = java.util.Arrays.copyOf(oddSizes(), length);
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> CappedTarInputStream.check(new ByteArrayInputStream(cut)));
        String where = length < 512 || length > 1024 && length < 3 * 512 ? "inside an entry's header"
                : length < 4 * 512 ? "inside the content of \"f511\"" : "inside the content of \"f513\"";
        assertEquals("invalid tar: Truncated TAR archive: the stream ends " + where, e.getMessage());
    }

    /** A header that cannot be parsed is the input's fault (commons-compress says so with a plain IOException). */
    @Test
    void aCorruptHeaderIsInvalidInput() throws IOException {
        byte[] corrupt = oddSizes();
        corrupt[1024 + 148] = 'x'; // f511's header checksum is no octal number
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> CappedTarInputStream.check(new ByteArrayInputStream(corrupt)));
        assertEquals("invalid tar: Corrupted TAR archive.", e.getMessage());
    }

    /** A source that fails is the source's fault, not the archive's: its exception passes unchanged. */
    @Test
    void aFailingSourceIsNotTakenForACut() throws IOException {
        IOException reset = new IOException("connection reset");
        InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(oddSizes(), 0, 3 * 512 + 100),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw reset;
                    }
                });
        assertEquals(reset, assertThrows(IOException.class, () -> CappedTarInputStream.check(failing)));
    }

    @Test
    void aTarEndingRightAfterItsLastFilesContentEndsThere() throws IOException {
        byte[] whole = oddSizes();
        int firstLength;
        try (CappedTarInputStream tar = new CappedTarInputStream(new ByteArrayInputStream(whole))) {
            firstLength = (int) tar.getNextEntry().getSize();
        }
        byte[] cut = java.util.Arrays.copyOf(whole, 512 + firstLength); // no padding, no end blocks
        try (CappedTarInputStream tar = new CappedTarInputStream(new ByteArrayInputStream(cut))) {
            assertEquals("f1", tar.getNextEntry().getName());
            assertEquals(firstLength, tar.readAllBytes().length);
            assertEquals(null, tar.getNextEntry());
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'L', 'K', 'x', 'X', 'g'})
    void hugeSpecialEntriesAreRefusedBeforeTheyAreRead(char type) {
        HostileStreams.Counting in = new HostileStreams.Counting(special((byte) type, HUGE));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> names(in));
        assertTrue(e.getMessage().contains("of " + HUGE + " bytes exceeds the limit of 1048576 bytes"),
                e.getMessage());
        assertTrue(in.count < 64 * 1024, "read " + in.count + " bytes");
    }

    @Test
    void aLongNameOfOneMebibyteIsRead() throws IOException {
        int size = CappedTarInputStream.MAX_SPECIAL_ENTRY;
        byte[] name = ("d/" + "n".repeat(size - 3) + "\0").getBytes(StandardCharsets.UTF_8);
        InputStream tar = concat(new ByteArrayInputStream(header("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME,
                size)), new ByteArrayInputStream(name), new ByteArrayInputStream(new byte[padding(size)]),
                new ByteArrayInputStream(fileAndEnd("short")));
        assertEquals(List.of("d/" + "n".repeat(size - 3)), names(tar));
    }

    @Test
    void ordinaryPaxAndGnuArchivesAreRead() throws IOException {
        String longName = "dir/" + "x".repeat(300);
        for (int mode : new int[] {org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_GNU,
                org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes, "UTF-8")) {
                out.setLongFileMode(mode);
                TarArchiveEntry link = new TarArchiveEntry(longName, TarConstants.LF_SYMLINK, true);
                link.setLinkName("t/" + "y".repeat(200));
                link.addPaxHeader("SCHILY.xattr.user.k", "v");
                out.putArchiveEntry(link);
                out.closeArchiveEntry();
                TarArchiveEntry file = new TarArchiveEntry("plain");
                file.setSize(3);
                out.putArchiveEntry(file);
                out.write("abc".getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
            assertEquals(List.of(longName + " -> t/" + "y".repeat(200), "plain"),
                    names(new ByteArrayInputStream(bytes.toByteArray())));
        }
    }

    @Test
    void aChainOfLongNamesIsRefused() {
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i <= CappedTarInputStream.MAX_SPECIAL_CHAIN; i++) {
            parts.add(new ByteArrayInputStream(header("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, 512)));
            parts.add(repeat((byte) 'a', 512));
        }
        parts.add(new ByteArrayInputStream(fileAndEnd("f")));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> names(concat(parts.toArray(InputStream[]::new))));
        assertTrue(e.getMessage().contains("extended headers"), e.getMessage());
    }

    @Test
    void theMetadataOfOneEntryIsBoundedAsAWhole() {
        // eight long names of 1 MiB each: every one within its limit, together over the entry's budget
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i < CappedTarInputStream.MAX_SPECIAL_CHAIN; i++) {
            parts.add(new ByteArrayInputStream(header("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME,
                    CappedTarInputStream.MAX_SPECIAL_ENTRY)));
            parts.add(repeat((byte) 'a', CappedTarInputStream.MAX_SPECIAL_ENTRY));
        }
        parts.add(new ByteArrayInputStream(fileAndEnd("f")));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> names(concat(parts.toArray(InputStream[]::new))));
        assertTrue(e.getMessage().contains("the headers of one entry exceed"), e.getMessage());
    }

    @Test
    void globalPaxHeadersAreBoundedAcrossTheArchive() {
        int size = 600 * 1024;
        byte[] record = paxRecord("comment", size);
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            parts.add(new ByteArrayInputStream(header("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER,
                    record.length)));
            parts.add(new ByteArrayInputStream(record));
            parts.add(new ByteArrayInputStream(new byte[padding(record.length)]));
            parts.add(new ByteArrayInputStream(java.util.Arrays.copyOf(fileAndEnd("f" + i), 512)));
        }
        parts.add(new ByteArrayInputStream(new byte[1024]));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> names(concat(parts.toArray(InputStream[]::new))));
        assertTrue(e.getMessage().contains("global PAX headers exceed"), e.getMessage());
    }

    /** "LEN key=value\n" of exactly {@code length} bytes. */
    private static byte[] paxRecord(String key, int length) {
        String prefix = length + " " + key + "=";
        return (prefix + "v".repeat(length - prefix.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void endlessOldGnuSparseExtensionsAreRefused() {
        // an old GNU sparse file whose header says "extended", followed by extension records that all say so too
        byte[] sparse = header("sparse", TarConstants.LF_GNUTYPE_SPARSE, 0);
        java.nio.ByteBuffer.wrap(sparse, 257, 8).put("ustar  \0".getBytes(StandardCharsets.US_ASCII));
        sparse[482] = 1;
        rechecksum(sparse);
        byte[] extension = new byte[512];
        extension[504] = 1;
        HostileStreams.Counting in = new HostileStreams.Counting(concat(new ByteArrayInputStream(sparse),
                new InputStream() {
                    private int pos;

                    @Override
                    public int read() {
                        return extension[pos++ % 512] & 0xff;
                    }
                }));
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> names(in));
        assertTrue(e.getMessage().contains("the headers of one entry exceed"), e.getMessage());
        assertTrue(in.count < 2 * CappedTarInputStream.MAX_METADATA_PER_ENTRY, "read " + in.count);
    }

    private static void rechecksum(byte[] header) {
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] octal = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, header, 148, 8);
    }

    @Test
    void checkReadsTheWholeStreamAndRefusesHostileOnes() throws IOException {
        HostileStreams.Counting ok = new HostileStreams.Counting(concat(new ByteArrayInputStream(fileAndEnd("a")),
                new ByteArrayInputStream(new byte[4096])));
        CappedTarInputStream.check(ok);
        assertEquals(512 + 1024 + 4096, ok.count);
        assertThrows(InvalidArchiveException.class,
                () -> CappedTarInputStream.check(special(TarConstants.LF_GNUTYPE_LONGNAME, HUGE)));
    }

    /** Content left unread, read in part or read whole: the next entry starts where it should in each case. */
    @Test
    void entriesFollowWhateverWasReadOfTheOneBefore() throws IOException {
        String big = "x".repeat(20_000);
        byte[] tar = new Tars().file("whole", "abc").file("part", big).dir("d").file("unread", big)
                .file("last", "end").bytes();
        try (CappedTarInputStream in = new CappedTarInputStream(new ByteArrayInputStream(tar))) {
            assertEquals("whole", in.getNextEntry().getName());
            assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("part", in.getNextEntry().getName());
            assertEquals(10, in.readNBytes(10).length);
            assertEquals("d/", in.getNextEntry().getName());
            assertEquals("unread", in.getNextEntry().getName());
            assertEquals("last", in.getNextEntry().getName());
            assertEquals("end", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(null, in.getNextEntry());
        }
    }
}
