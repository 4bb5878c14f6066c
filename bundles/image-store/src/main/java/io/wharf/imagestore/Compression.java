package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Detects gzip, bzip2, xz and zstd by their magic bytes, as Docker's archive.DecompressStream does. */
public final class Compression {
    private Compression() {
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

    /** A stream of the decompressed content of {@code raw}, whatever its compression. */
    public static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 65536);
        in.mark(16);
        byte[] head = new byte[8];
        int len = 0;
        while (len < head.length) {
            int n = in.read(head, len, head.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        in.reset();
        Kind kind = detect(head, len);
        try {
            return switch (kind) {
                case NONE -> in;
                case GZIP -> new GzipCompressorInputStream(in, true);
                case BZIP2 -> new BZip2CompressorInputStream(in, true);
                case XZ -> new org.apache.commons.compress.compressors.xz.XZCompressorInputStream(in, true);
                case ZSTD -> new org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream(in);
            };
        } catch (LinkageError e) {
            throw EngineException.invalid("%s-compressed input is not supported by this daemon (%s)",
                    kind.name().toLowerCase(), e.getMessage());
        }
    }
}
