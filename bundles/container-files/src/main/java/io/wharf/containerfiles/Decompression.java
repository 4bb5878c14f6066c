package io.wharf.containerfiles;

import io.wharf.api.errors.EngineException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Recognises gzip, bzip2 and xz by their magic bytes, as Docker's archive.DecompressStream does for docker cp. */
public final class Decompression {
    private Decompression() {
    }

    public static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        try {
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return new GzipCompressorInputStream(in, true);
            }
            if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
                return new BZip2CompressorInputStream(in, true);
            }
            if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                    && head[4] == 'Z' && head[5] == 0) {
                return new XZCompressorInputStream(in, true);
            }
            if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                    && (head[3] & 0xff) == 0xfd) {
                throw EngineException.invalid("zstd-compressed archives are not supported by docker cp");
            }
        } catch (LinkageError e) { // xz needs org.tukaani.xz, an optional import of commons-compress
            throw EngineException.invalid("this compression is not supported by this daemon (%s)", e.getMessage());
        }
        return in;
    }
}
