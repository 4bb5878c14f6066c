package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context's files are hashed as they stream in, to the same checksum a second read would give. */
class BuildContextTest {
    @TempDir
    Path work;

    private static byte[] contextTar() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            put(tar, "Dockerfile", "FROM scratch\nCOPY src/ /src/\n");
            put(tar, "src/", null);
            for (int n = 0; n < 20; n++) {
                put(tar, "src/file-" + n, "content " + n);
            }
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, String content) throws Exception {
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(content == null ? 040755 : 0100644);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void streamedDigestsGiveTheChecksumOfReadingTheFiles() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the context keeps its owners: needs root");
        try (BuildContext context = BuildContext.unpack(new ByteArrayInputStream(contextTar()), null, work,
                LinuxFs.get())) {
            List<Path> sources = List.of(context.root().resolve("src"));
            assertNotNull(context.contentDigest(context.root().resolve("src/file-3")));
            assertNull(context.contentDigest(work.resolve("elsewhere")));
            String streamed = CopySources.checksum(sources, context::contentDigest);
            assertEquals(CopySources.checksum(sources), streamed);

            Files.setPosixFilePermissions(context.root().resolve("src/file-3"),
                    PosixFilePermissions.fromString("rwx------"));
            assertNotEquals(streamed, CopySources.checksum(sources, context::contentDigest),
                    "a changed mode still misses");
        }
    }
}
