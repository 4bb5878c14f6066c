package io.wharf.registry.distribution;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Stream helpers for layer blobs. */
final class Layers {
    private Layers() {
    }

    /**
     * The tar inside a layer blob, recognised by its magic bytes as Docker's DecompressStream does: gzip, zstd
     * (an OCI {@code tar+zstd} layer; zstd-jni's decoder ships in the images feature) or plain tar.
     */
    static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 256 * 1024);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 256 * 1024);
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return new ZstdCompressorInputStream(in);
        }
        return in;
    }

    /** Reports the running count of bytes read. */
    static InputStream counting(InputStream in, LongConsumer total) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    total.accept(++count);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    count += n;
                    total.accept(count);
                }
                return n;
            }
        };
    }
}
