package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A context is indexed as it streams in and unpacked only when a step asks for its files. */
class BuildContextTest {
    @TempDir
    Path work;

    private static byte[] contextTar() throws Exception {
        ContextTars tar = new ContextTars().file("Dockerfile", "FROM scratch\nCOPY src/ /src/\n")
                .file(".dockerignore", "src/*.log\n").directory("src");
        for (int n = 0; n < 20; n++) {
            tar.file("src/file-" + n, "content " + n);
        }
        return tar.file("src/debug.log", "noise").bytes();
    }

    private BuildContext receive(byte[] tar, String dockerfile) throws Exception {
        return BuildContext.receive(new ByteArrayInputStream(tar), dockerfile, work, LinuxFs.get());
    }

    private long unpackedDirectories() throws Exception {
        try (Stream<Path> list = Files.list(work)) {
            return list.filter(p -> p.getFileName().toString().startsWith("context-") && Files.isDirectory(p))
                    .count();
        }
    }

    @Test
    void readsTheDockerfileAndIndexesWithoutUnpacking() throws Exception {
        try (BuildContext context = receive(contextTar(), null)) {
            assertEquals("FROM scratch\nCOPY src/ /src/\n", context.dockerfile());
            assertNotNull(context.index());
            assertNull(context.index().entry("src/debug.log"), ".dockerignore applies to the index");
            assertNotNull(context.index().entry("src/file-3"));
            assertEquals(0, unpackedDirectories(), "no file is written until a step needs one");
        }
    }

    @Test
    void unpacksOnceWhenAStepNeedsTheFilesAndTheIgnoreFileAppliesThereToo() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the context keeps its owners: needs root");
        try (BuildContext context = receive(contextTar(), null)) {
            Path root = context.root();
            assertEquals(root, context.root());
            assertEquals("content 3", Files.readString(root.resolve("src/file-3"), StandardCharsets.UTF_8));
            assertFalse(Files.exists(root.resolve("src/debug.log")));
            assertEquals(1, unpackedDirectories());
        }
        assertEquals(0, unpackedDirectories(), "closing deletes the unpacked files");
    }

    @Test
    void aSpoolLargerThanItsMemoryLimitGoesToAFileThatClosingDeletes() throws Exception {
        ContextSpool spool = new ContextSpool(work, 16);
        spool.write("0123456789".getBytes(StandardCharsets.UTF_8));
        assertFalse(spool.onDisk());
        spool.write("0123456789".getBytes(StandardCharsets.UTF_8));
        spool.close();
        assertTrue(spool.onDisk());
        try (var in = spool.open()) {
            assertEquals("01234567890123456789", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        spool.discard();
        try (Stream<Path> list = Files.list(work)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void aMissingOrEscapingDockerfileIsAClientError() throws Exception {
        byte[] tar = contextTar();
        assertThrows(EngineException.class, () -> receive(tar, "Nope"));
        EngineException out = assertThrows(EngineException.class, () -> receive(tar, "../Dockerfile"));
        assertTrue(out.getMessage().contains("Cannot locate specified Dockerfile: ../Dockerfile"));
        try (BuildContext custom = receive(new ContextTars().file("sub/Build.df", "FROM a\n").bytes(),
                "./sub/Build.df")) {
            assertEquals("FROM a\n", custom.dockerfile());
        }
    }

    @Test
    void aBareDockerfileIsAContextWithoutFiles() throws Exception {
        try (BuildContext context = receive("FROM scratch\n".getBytes(StandardCharsets.UTF_8), null)) {
            assertEquals("FROM scratch\n", context.dockerfile());
            assertThrows(EngineException.class, () -> context.index().resolve("x"));
            assertEquals(List.of(""), context.index().resolve("."));
            try (Stream<Path> files = Files.list(context.root())) {
                assertEquals(0, files.count(), "COPY . of a bare Dockerfile copies an empty directory");
            }
        }
    }

    /**
     * A context cut inside a header, a file's content or its padding, a header that cannot be parsed, or a gzip cut
     * short, is the client's error (400) saying so, and leaves nothing under the work directory.
     */
    @Test
    void aContextCutShortIsAClientErrorSayingWhere() throws Exception {
        byte[] tar = new ContextTars().file("Dockerfile", "FROM scratch\n").file("data", "x".repeat(700)).bytes();
        java.util.Map<Integer, String> cuts = java.util.Map.of(1024 + 300, "inside an entry's header",
                3 * 512 + 100, "inside the content of \"data\"", 3 * 512 + 800, "inside the padding of \"data\"");
        for (var cut : cuts.entrySet()) {
            EngineException e = assertThrows(EngineException.class,
                    () -> receive(java.util.Arrays.copyOf(tar, cut.getKey()), null));
            assertEquals(io.wharf.api.errors.ErrorKind.INVALID_PARAMETER, e.kind());
            assertEquals("invalid tar: Truncated TAR archive: the stream ends " + cut.getValue(), e.getMessage());
        }
        byte[] corrupt = tar.clone();
        corrupt[1024 + 148] = 'x'; // the second header's checksum is no number
        EngineException unparsable = assertThrows(EngineException.class, () -> receive(corrupt, null));
        assertEquals("invalid tar: Corrupted TAR archive.", unparsable.getMessage());
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write(tar);
        }
        byte[] gzip = gzipped.toByteArray();
        EngineException e = assertThrows(EngineException.class,
                () -> receive(java.util.Arrays.copyOf(gzip, gzip.length / 2), null));
        assertEquals(io.wharf.api.errors.ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().startsWith("invalid gzip: "), e.getMessage());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
