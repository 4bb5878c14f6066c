package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.builder.ignore.DockerIgnore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The context's files as its tar headers describe them: sources and checksums without unpacking. */
class ContextIndexTest {
    private static ContextIndex index(ContextTars tar) throws IOException {
        return ContextIndex.read(new ByteArrayInputStream(tar.bytes()), Set.of("Dockerfile"), 64);
    }

    private static ContextTars sources() throws IOException {
        return new ContextTars().file("Dockerfile", "FROM scratch\n").directory("src")
                .file("src/a.txt", "a").file("src/b.txt", "b").file("src/sub/c.txt", "c").file("top.md", "t");
    }

    @Test
    void entryNamesAreCleanedAsOnUnpacking() {
        assertEquals("src/a.txt", ContextIndex.clean("src/a.txt"));
        assertEquals("src", ContextIndex.clean("src/"));
        assertEquals("..a/.b", ContextIndex.clean("..a/.b"), "dots that are part of a name stay");
        assertEquals("src/a.txt", ContextIndex.clean("./src//./a.txt"));
        assertEquals("a.txt", ContextIndex.clean("/src/../a.txt"));
        assertEquals("", ContextIndex.clean("./"));
        assertEquals("", ContextIndex.clean("/"));
        assertEquals("b", ContextIndex.clean("a/../b/"));
        assertNull(ContextIndex.clean("../a"), "climbs out of the root");
        assertNull(ContextIndex.clean("a/../../b"));
    }

    @Test
    void resolvesNamesGlobsAndTheRoot() throws IOException {
        ContextIndex index = index(sources());
        assertTrue(index.exact());
        assertEquals(List.of("src/a.txt"), index.resolve("./src/a.txt"));
        assertEquals(List.of("src/a.txt", "src/b.txt", "src/sub"), index.resolve("src/*"));
        assertEquals(List.of("top.md"), index.resolve("*.md"));
        assertEquals(List.of(""), index.resolve("."));
        assertTrue(index.entry("src/sub").isDirectory(), "a parent the tar did not list is made, as on unpacking");
        EngineException missing = assertThrows(EngineException.class, () -> index.resolve("nothere"));
        assertTrue(missing.getMessage().contains("stat nothere: file does not exist"));
        assertThrows(EngineException.class, () -> index.resolve("*.none"));
    }

    @Test
    void checksumFollowsContentModeAndNamesOnly() throws IOException {
        String first = index(sources()).checksum(List.of("src"));
        assertTrue(first.startsWith("dir:"));
        assertEquals(first, index(sources()).checksum(List.of("src")), "the same tar gives the same checksum");
        ContextTars changed = new ContextTars().file("Dockerfile", "FROM scratch\n").directory("src")
                .file("src/a.txt", "a").file("src/b.txt", "B").file("src/sub/c.txt", "c");
        assertNotEquals(first, index(changed).checksum(List.of("src")));
        ContextTars chmod = new ContextTars().file("Dockerfile", "FROM scratch\n").directory("src")
                .file("src/a.txt", "a", 0755).file("src/b.txt", "b").file("src/sub/c.txt", "c");
        assertNotEquals(first, index(chmod).checksum(List.of("src")));
        assertTrue(index(sources()).checksum(List.of("src/a.txt", "top.md")).startsWith("multi:"));
        assertTrue(index(sources()).checksum(List.of("top.md")).startsWith("file:"));
    }

    @Test
    void keepsTheNamedFilesContentAndLaterEntriesReplaceEarlierOnes() throws IOException {
        ContextIndex index = index(new ContextTars().file("Dockerfile", "FROM a\n").file("Dockerfile", "FROM b\n")
                .file("big", "x".repeat(100)).file("link-target", "L").hardLink("hard", "link-target"));
        assertArrayEquals("FROM b\n".getBytes(StandardCharsets.UTF_8), index.keptContent("Dockerfile"));
        assertNull(index.keptContent("big"), "only named files are kept");
        assertEquals(index.checksum(List.of("link-target")).substring(5).length(), 64);
        assertArrayEquals(index.entry("link-target").sha256(), index.entry("hard").sha256());
        ContextIndex oversized = ContextIndex.read(new ByteArrayInputStream(new ContextTars()
                .file("Dockerfile", "x".repeat(65)).bytes()), Set.of("Dockerfile"), 64);
        assertNull(oversized.keptContent("Dockerfile"));
    }

    @Test
    void whiteoutsRemoveWhatTheyName() throws IOException {
        ContextIndex index = index(sources().file("src/.wh.a.txt", ""));
        assertNull(index.entry("src/a.txt"));
        assertNull(index.entry("src/.wh.a.txt"));
    }

    @Test
    void aTarWritingThroughItsOwnLinksIsNotExact() throws IOException {
        assertFalse(index(new ContextTars().directory("real").symlink("link", "real").file("link/f", "x")).exact());
        assertFalse(index(new ContextTars().file("../escape", "x")).exact());
        assertFalse(index(new ContextTars().hardLink("h", "missing")).exact());
        assertTrue(index(new ContextTars().symlink("link", "/etc/passwd")).exact(), "a link alone is data");
    }

    @Test
    void ignoreDropsExcludedFilesAndEmptiedDirectoriesButKeepsReincludedOnes() throws IOException {
        ContextIndex index = index(sources().directory("logs").file("logs/x.log", "x"));
        index.applyIgnore(DockerIgnore.parse("src\n!src/sub/c.txt\nlogs\n*.md\n"));
        assertNull(index.entry("src/a.txt"));
        assertNull(index.entry("logs"));
        assertNull(index.entry("top.md"));
        assertTrue(index.entry("src/sub").isDirectory());
        assertEquals(List.of("src/sub/c.txt"), index.resolve("src/sub/*"));
    }
}
