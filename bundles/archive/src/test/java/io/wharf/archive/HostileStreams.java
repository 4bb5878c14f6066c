package io.wharf.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Tars whose headers announce huge metadata, generated as they are read: nothing of that size is allocated. */
final class HostileStreams {
    private HostileStreams() {
    }

    /** A 512-byte header of {@code type} announcing {@code size} bytes. */
    static byte[] header(String name, byte type, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setSize(size);
        entry.setMode(0644);
        byte[] record = new byte[512];
        entry.writeEntryHeader(record);
        return record;
    }

    /** {@code size} bytes of {@code fill}, made on demand. */
    static InputStream repeat(byte fill, long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return fill & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, fill);
                left -= n;
                return n;
            }
        };
    }

    /** A special entry of {@code type} with {@code size} bytes of content, then a small file and the end. */
    static InputStream special(byte type, long size) {
        return concat(new ByteArrayInputStream(header("././@LongLink", type, size)), repeat((byte) 'a', size),
                new ByteArrayInputStream(new byte[padding(size)]), new ByteArrayInputStream(fileAndEnd("f")));
    }

    static int padding(long size) {
        return (int) ((512 - size % 512) % 512);
    }

    /** A small regular file and the two end-of-archive records. */
    static byte[] fileAndEnd(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(name, TarConstants.LF_NORMAL, 0));
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }

    /** Counts what the reader consumed. */
    static final class Counting extends java.io.FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }
    }
}
