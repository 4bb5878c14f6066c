package io.wharf.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * The tar reader for everything Wharf reads from clients and registries: commons-compress's, with the limits of
 * Go's archive/tar. commons-compress 1.28 reads GNU long names and links and PAX headers whole into memory, as
 * large as their header says, and follows chains of them by recursion: a 1.5 MiB gzip whose long name expands to
 * 1.5 GiB takes the heap. Here each such record may announce at most {@link #MAX_SPECIAL_ENTRY} (1 MiB, Go's
 * maxSpecialFileSize), at most {@link #MAX_SPECIAL_CHAIN} of them may precede one entry, all the metadata read for
 * one entry (headers, names, PAX records, sparse maps) is at most {@link #MAX_METADATA_PER_ENTRY}, and global PAX
 * headers, which commons-compress keeps for the rest of the archive, at most 1 MiB together. A breach throws
 * {@link InvalidArchiveException} before the memory is taken.
 */
public final class CappedTarInputStream extends TarArchiveInputStream {
    public static final int MAX_SPECIAL_ENTRY = 1 << 20;
    static final int MAX_SPECIAL_CHAIN = 8;
    static final long MAX_METADATA_PER_ENTRY = 4L << 20;
    static final long MAX_GLOBAL_PAX = 1 << 20;
    private static final int TYPE_OFFSET = 156;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;

    private final MeteredInputStream metered;
    /** commons-compress calls getNextTarEntry again for the entry each special record describes. */
    private int depth;
    private int specialRecords;
    private long globalPaxBytes;
    /** Discards an entry's unread content; made on the first entry left unread (a context's are read whole). */
    private byte[] discard;

    public CappedTarInputStream(InputStream in) {
        this(new MeteredInputStream(in));
    }

    private CappedTarInputStream(MeteredInputStream in) {
        super(in, StandardCharsets.UTF_8.name());
        this.metered = in;
    }

    /** Reads a whole tar, skipping content, so that its structure is checked; then reads what follows it. */
    public static void check(InputStream tar) throws IOException {
        CappedTarInputStream entries = new CappedTarInputStream(tar);
        try {
            while (entries.getNextEntry() != null) {
                // headers only
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException("invalid tar: " + e.getMessage(), e);
        }
        tar.transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        return getNextTarEntry();
    }

    @Override
    @SuppressWarnings("deprecation")
    public TarArchiveEntry getNextTarEntry() throws IOException {
        if (depth == 0) {
            skipRestOfEntry(); // content is not metadata: read it before the budget is armed
            skipPadding();
            metered.arm(MAX_METADATA_PER_ENTRY, "invalid tar: the headers of one entry");
            specialRecords = 0;
        }
        depth++;
        try {
            return super.getNextTarEntry();
        } catch (IOException e) {
            throw depth > 1 ? e : corrupt(e); // once, at the outermost call
        } finally {
            if (--depth == 0) {
                metered.disarm();
            }
        }
    }

    /**
     * commons-compress says a header is corrupt ("Corrupted TAR archive.": a wrong checksum) with a plain
     * IOException, which would read as the daemon's own fault: unless the source itself failed, it is the input's.
     */
    private IOException corrupt(IOException e) {
        if (e instanceof InvalidArchiveException || metered.failed()) {
            return e;
        }
        return new InvalidArchiveException("invalid tar: " + e.getMessage(), e);
    }

    private void skipRestOfEntry() throws IOException {
        if (getCurrentEntry() == null || isAtEOF() || available() == 0 && !getCurrentEntry().isSparse()) {
            return; // nothing left to read: no buffer (this runs once per entry, for thousands of entries)
        }
        if (discard == null) {
            discard = new byte[8192];
        }
        while (read(discard, 0, discard.length) >= 0) {
            // discard
        }
    }

    /**
     * Reads the zeros that pad the entry just read to a whole record and then forgets the entry, so that
     * commons-compress, finding no current entry, skips nothing itself: its skip takes a new 8 KiB buffer each
     * time, twice an entry, which was most of the garbage of reading a build context of many small files. Sparse
     * entries (whose stored size is not their content's) keep commons-compress's own way.
     */
    private void skipPadding() throws IOException {
        TarArchiveEntry entry = getCurrentEntry();
        if (entry == null || isAtEOF() || entry.isSparse()) {
            return;
        }
        long size = entry.getSize();
        int record = getRecordSize();
        int padding = entry.isDirectory() || size <= 0 || size % record == 0 ? 0 : (int) (record - size % record);
        if (padding > 0) {
            if (discard == null || discard.length < padding) {
                discard = new byte[Math.max(8192, padding)];
            }
            int read = in.readNBytes(discard, 0, padding);
            count(read);
            // the stream ending exactly where the padding would begin ends the archive, as Go's reader has it: the
            // docker CLI's `build -f - DIR` sends its context so, without padding or end blocks after the last file
            if (read != padding && read != 0) {
                throw truncated("inside the padding of \"" + entry.getName() + "\"", null);
            }
        }
        setCurrentEntry(null);
    }

    /**
     * A stream that ends inside an entry's content is invalid input, as in Go's reader (commons-compress says
     * "Truncated TAR archive" with a plain IOException, which would read as the daemon's own fault).
     */
    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        try {
            return super.read(buf, offset, length);
        } catch (IOException e) {
            if (e instanceof InvalidArchiveException || !metered.ended() || metered.failed()) {
                throw corrupt(e);
            }
            TarArchiveEntry entry = getCurrentEntry();
            throw truncated("inside the content of \"" + (entry == null ? "" : entry.getName()) + "\"", e);
        }
    }

    /**
     * A record cut short is a header cut short: commons-compress takes it for the end of the archive, so the
     * entries after it were silently lost; Go's reader says unexpected EOF. (A cut right at a record's start still
     * ends the archive, and what follows the first end-of-archive record is not looked at.)
     */
    @Override
    protected byte[] readRecord() throws IOException {
        long before = getBytesRead();
        byte[] record = super.readRecord();
        if (record == null && getBytesRead() != before && !isAtEOF()) {
            throw truncated("inside an entry's header", null);
        }
        if (record != null && !isEOFRecord(record)) {
            checkSpecial(record);
        }
        return record;
    }

    private static InvalidArchiveException truncated(String where, Throwable cause) {
        return new InvalidArchiveException("invalid tar: Truncated TAR archive: the stream ends " + where, cause);
    }

    /**
     * Checks a record that announces a special entry before commons-compress reads it. (Old GNU sparse extension
     * records come here too; their byte 156 is an octal digit, a space or NUL, never a special type.)
     */
    private void checkSpecial(byte[] record) throws InvalidArchiveException {
        byte type = record[TYPE_OFFSET];
        String what = switch (type) {
            case 'L' -> "GNU long name";
            case 'K' -> "GNU long link name";
            case 'x', 'X' -> "PAX header";
            case 'g' -> "global PAX header";
            default -> null;
        };
        if (what == null) {
            return;
        }
        long size;
        try {
            size = TarUtils.parseOctalOrBinary(record, SIZE_OFFSET, SIZE_LENGTH);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException("invalid tar: corrupt size in a " + what + ": " + e.getMessage(), e);
        }
        if (size < 0 || size > MAX_SPECIAL_ENTRY) {
            throw new InvalidArchiveException("invalid tar: a " + what + " of " + size
                    + " bytes exceeds the limit of " + MAX_SPECIAL_ENTRY + " bytes");
        }
        if (++specialRecords > MAX_SPECIAL_CHAIN) {
            throw new InvalidArchiveException("invalid tar: more than " + MAX_SPECIAL_CHAIN
                    + " extended headers (long names, PAX headers) before one entry");
        }
        if (type == 'g') {
            globalPaxBytes += size;
            if (globalPaxBytes > MAX_GLOBAL_PAX) {
                throw new InvalidArchiveException("invalid tar: global PAX headers exceed the limit of "
                        + MAX_GLOBAL_PAX + " bytes together");
            }
        }
    }
}
