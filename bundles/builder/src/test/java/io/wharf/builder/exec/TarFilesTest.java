package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which local files ADD unpacks: tars, plain or compressed; anything else is copied. */
class TarFilesTest {
    @TempDir
    Path dir;

    private static void tar(OutputStream raw) throws Exception {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(raw)) {
            byte[] content = "x".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("x.txt");
            e.setSize(content.length);
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }
    }

    @Test
    void plainAndGzippedTarsAreArchivesOtherFilesNot() throws Exception {
        Path plain = dir.resolve("a.tar");
        tar(Files.newOutputStream(plain));
        Path gzipped = dir.resolve("a.tgz");
        tar(new GZIPOutputStream(Files.newOutputStream(gzipped)));
        Path text = Files.writeString(dir.resolve("t.txt"), "just text");
        Path brokenGzip = Files.write(dir.resolve("b.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        assertTrue(TarFiles.isArchive(plain));
        assertTrue(TarFiles.isArchive(gzipped));
        assertFalse(TarFiles.isArchive(text));
        assertFalse(TarFiles.isArchive(brokenGzip));
        assertFalse(TarFiles.isArchive(dir));
    }

    /** A step's diff: empty (no layer) only when it has no entry; either way the stream still reads it whole. */
    @Test
    void aTarWithoutEntriesIsToldFromOneWithAndIsStillReadWhole() throws Exception {
        java.io.ByteArrayOutputStream withEntry = new java.io.ByteArrayOutputStream();
        tar(withEntry);
        java.io.ByteArrayOutputStream empty = new java.io.ByteArrayOutputStream();
        new TarArchiveOutputStream(empty).close();
        byte[][] tars = {withEntry.toByteArray(), empty.toByteArray(), new byte[0]};
        boolean[] noEntries = {false, true, true};
        for (int i = 0; i < tars.length; i++) {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(
                    new java.io.ByteArrayInputStream(tars[i]), TarFiles.BLOCK);
            org.junit.jupiter.api.Assertions.assertEquals(noEntries[i], TarFiles.hasNoEntries(in));
            org.junit.jupiter.api.Assertions.assertArrayEquals(tars[i], in.readAllBytes());
        }
    }
}
