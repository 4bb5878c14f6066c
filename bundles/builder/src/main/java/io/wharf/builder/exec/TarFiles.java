package io.wharf.builder.exec;

import io.wharf.archive.Decompression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Recognises tar archives (ustar magic), compressed or not: build contexts, and local sources ADD extracts. */
final class TarFiles {
    private static final int MAGIC_OFFSET = 257;
    static final int BLOCK = 512;

    private TarFiles() {
    }

    /** Whether the stream, which must support mark/reset, starts with a tar header; it is left where it was. */
    static boolean isTar(BufferedInputStream in) throws IOException {
        in.mark(BLOCK);
        byte[] head = in.readNBytes(BLOCK);
        in.reset();
        return head.length >= MAGIC_OFFSET + 5
                && new String(head, MAGIC_OFFSET, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /**
     * Whether the tar has no entries: it ends (or opens with the zero block that ends a tar) before any header. The
     * bytes looked at are pushed back, so the stream still reads the whole tar.
     */
    static boolean hasNoEntries(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(BLOCK);
        in.unread(head);
        for (byte b : head) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a regular file holds a tar (gzip, bzip2, xz or zstd compressed, or plain); unreadable ones do not. */
    static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream raw = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
             BufferedInputStream in = new BufferedInputStream(Decompression.decompress(raw), BLOCK * 2)) {
            return isTar(in);
        } catch (IOException e) {
            return false; // not an archive we can read: ADD copies it as a file, as Docker does
        }
    }
}
