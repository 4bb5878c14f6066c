package io.wharf.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.MemoryLimitException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Recognises gzip, bzip2, xz and zstd by their magic bytes, as Docker's archive.DecompressStream does, with the
 * memory each decoder may take bounded: xz's dictionary (a few header bytes can ask for gigabytes) at
 * {@link #XZ_MEMORY_LIMIT_KIB}, and the header of each gzip member (file name and comment are read whole into
 * memory, however long) at {@link #GZIP_HEADER_LIMIT}. bzip2 needs at most a few MiB by design; zstd (zstd-jni's
 * native decoder, shipped in the images feature) refuses frames whose window exceeds its default of 128 MiB.
 */
public final class Decompression {
    /** xz -9 needs 65 MiB to decompress; nothing legitimate asks for more. */
    public static final int XZ_MEMORY_LIMIT_KIB = 72 * 1024;
    /** A gzip member header: 10 bytes, an extra field of at most 64 KiB, a name and a comment. */
    public static final long GZIP_HEADER_LIMIT = 1 << 20;

    private Decompression() {
    }

    public enum Kind { NONE, GZIP, BZIP2, XZ, ZSTD }

    public static Kind detect(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Kind.GZIP;
        }
        if (len >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return Kind.BZIP2;
        }
        if (len >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return Kind.XZ;
        }
        if (len >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return Kind.ZSTD;
        }
        return Kind.NONE;
    }

    /** The kind of compression at the start of {@code in}, which must support mark/reset. */
    public static Kind detect(BufferedInputStream in) throws IOException {
        in.mark(16);
        byte[] head = in.readNBytes(8);
        in.reset();
        return detect(head, head.length);
    }

    /**
     * A stream of the decompressed content of {@code raw}, whatever its compression. Unsupported compression, a
     * breached limit and compressed data that is corrupt or cut short throw {@link InvalidArchiveException}.
     */
    public static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 65536);
        Kind kind = detect(in);
        if (kind == Kind.NONE) {
            return in;
        }
        Source source = new Source(in, kind);
        try {
            return new DecoderErrors(switch (kind) {
                case GZIP -> gzip(source);
                case BZIP2 -> new BZip2CompressorInputStream(source, true);
                case XZ -> new XZCompressorInputStream(source, true, XZ_MEMORY_LIMIT_KIB);
                default -> new ZstdCompressorInputStream(source);
            }, source);
        } catch (IOException e) {
            throw decoderError(e, source);
        } catch (LinkageError e) { // xz and zstd need optional libraries of commons-compress
            throw new InvalidArchiveException(kind.name().toLowerCase()
                    + "-compressed input is not supported by this daemon (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A decoder's failure is the client's bad input (400) unless the source itself failed: a stream cut short or
     * corrupt is not the daemon's fault. An xz stream that needs more memory than allowed says so.
     */
    private static IOException decoderError(IOException e, Source source) {
        if (e instanceof MemoryLimitException limit) {
            return tooMuchMemory(limit);
        }
        if (e instanceof InvalidArchiveException || source.failed) {
            return e;
        }
        String reason = e.getMessage() != null ? e.getMessage()
                : source.ended ? "unexpected end of stream" : e.getClass().getSimpleName();
        return new InvalidArchiveException("invalid " + source.kind.name().toLowerCase() + ": " + reason, e);
    }

    /** Decompresses every member; while a member's header is read, its bytes are metered. */
    static InputStream gzip(InputStream in) throws IOException {
        MeteredInputStream metered = new MeteredInputStream(in);
        String what = "invalid gzip: a member header (file name, comment, extra field)";
        metered.arm(GZIP_HEADER_LIMIT, what);
        return GzipCompressorInputStream.builder().setInputStream(metered).setDecompressConcatenated(true)
                .setOnMemberStart(g -> metered.disarm())
                .setOnMemberEnd(g -> metered.arm(GZIP_HEADER_LIMIT, what))
                .get();
    }

    /** The compressed stream, noting whether it failed itself or ended, to tell its faults from the input's. */
    private static final class Source extends FilterInputStream {
        private final Kind kind;
        private boolean failed;
        private boolean ended;

        Source(InputStream in, Kind kind) {
            super(in);
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                ended |= b < 0;
                return b;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                ended |= n < 0;
                return n;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /** The decoded stream, its errors classified by {@link #decoderError}. */
    private static final class DecoderErrors extends FilterInputStream {
        private final Source source;

        DecoderErrors(InputStream decoder, Source source) {
            super(decoder);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw decoderError(e, source);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw decoderError(e, source);
            }
        }
    }

    private static InvalidArchiveException tooMuchMemory(MemoryLimitException e) {
        return new InvalidArchiveException("invalid xz: decompressing it needs " + e.getMemoryNeededInKb()
                + " KiB of memory, more than the limit of " + XZ_MEMORY_LIMIT_KIB + " KiB", e);
    }
}
