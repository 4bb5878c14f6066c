package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Layers that try to write outside their directory. Each test checks that everything outside stays as it was. */
class HostileTarTest {
    @TempDir
    Path temp;

    private Path root;
    private Path sentinel;

    @BeforeEach
    void layout() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "applying layers needs root");
        // temp/a/b/root is the target, so "../../.." style names have somewhere to climb to inside temp
        root = Files.createDirectories(temp.resolve("a/b/root"));
        sentinel = Files.createDirectory(temp.resolve("sentinel"));
        Files.writeString(sentinel.resolve("keep"), "untouched");
    }

    @AfterEach
    void nothingOutsideTheRootChanged() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(temp)) {
            List<String> outside = all.filter(p -> !p.startsWith(root)).map(p -> temp.relativize(p).toString())
                    .sorted().toList();
            assertEquals(List.of("", "a", "a/b", "sentinel", "sentinel/keep"), outside);
        }
        assertEquals("untouched", Files.readString(sentinel.resolve("keep")));
    }

    private long apply(WhiteoutMode mode, Tars tar) throws IOException {
        return new LayerApplier(mode, LinuxFs.get()).apply(new ByteArrayInputStream(tar.bytes()), root);
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void dotDotClimbingOutIsRejected(WhiteoutMode mode) {
        IOException e = assertThrows(ArchiveBreakoutException.class,
                () -> apply(mode, new Tars().file("../../../sentinel/pwned", "x")));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertThrows(ArchiveBreakoutException.class, () -> apply(mode, new Tars().file("usr/../../etc/x", "x")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void absoluteNamesLandInsideTheRoot(WhiteoutMode mode) throws IOException {
        apply(mode, new Tars().file(sentinel.resolve("pwned").toString(), "x"));
        assertTrue(Files.exists(root.resolve(temp.getRoot().relativize(sentinel)).resolve("pwned")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void symlinkToSlashIsFollowedInsideTheRoot(WhiteoutMode mode) throws IOException {
        apply(mode, new Tars().symlink("evil", "/").file("evil/pwned", "x"));
        assertEquals("x", Files.readString(root.resolve("pwned")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void symlinkClimbingOutStopsAtTheRoot(WhiteoutMode mode) throws IOException {
        apply(mode, new Tars().symlink("evil", "../..").file("evil/pwned", "x")
                .symlink("evil2", "../../../sentinel").file("evil2/pwned", "y")
                .symlink("evil3", sentinel.toString()).file("evil3/pwned", "z"));
        assertEquals("x", Files.readString(root.resolve("pwned")));
        assertEquals("y", Files.readString(root.resolve("sentinel/pwned")));
        assertEquals("z", Files.readString(root.resolve(temp.getRoot().relativize(sentinel)).resolve("pwned")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void chainedSymlinksCannotEscape(WhiteoutMode mode) throws IOException {
        apply(mode, new Tars().dir("d").symlink("d/up", "..").symlink("d/upup", "up/d/up/d/up/../../..").file("d/upup/pwned", "x"));
        assertEquals("x", Files.readString(root.resolve("pwned")));
    }

    @Test
    void symlinkLoopsFailCleanly() {
        IOException e = assertThrows(IOException.class,
                () -> apply(WhiteoutMode.DELETE, new Tars().symlink("loop", "loop").file("loop/x", "x")));
        assertTrue(e.getMessage().contains("symbolic links"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void hardLinkOutsideIsRejected(WhiteoutMode mode) {
        assertThrows(ArchiveBreakoutException.class,
                () -> apply(mode, new Tars().hardlink("passwd", "../../../sentinel/keep")));
        assertThrows(ArchiveBreakoutException.class,
                () -> apply(mode, new Tars().hardlink("passwd", "../../../../../../etc/passwd")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void hardLinkThroughAnEscapingSymlinkStaysInside(WhiteoutMode mode) throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> apply(mode, new Tars().symlink("evil", "../../../sentinel").hardlink("keep", "evil/keep")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(root.resolve("keep")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void writingThroughASymlinkedFinalComponentReplacesTheLink(WhiteoutMode mode) throws IOException {
        apply(mode, new Tars().symlink("keep", sentinel.resolve("keep").toString()).file("keep", "replaced"));
        assertFalse(Files.isSymbolicLink(root.resolve("keep")));
        assertEquals("replaced", Files.readString(root.resolve("keep")));
    }

    @ParameterizedTest
    @EnumSource(WhiteoutMode.class)
    void whiteoutsCannotDeleteOutside(WhiteoutMode mode) throws IOException {
        apply(mode, new Tars().symlink("evil", "../../../sentinel").file("evil/.wh.keep", "")
                .file("evil/.wh..wh..opq", ""));
        assertThrows(ArchiveBreakoutException.class, () -> apply(mode, new Tars().file("../.wh.sentinel", "")));
    }

    @Test
    void aLongNameAnnouncingGigabytesIsRefusedAndChangesNothing() throws IOException {
        Files.writeString(root.resolve("before"), "kept");
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> new LayerApplier(
                WhiteoutMode.DELETE, LinuxFs.get()).apply(HostileStreams.special((byte) 'L', 3L << 29), root));
        assertTrue(e.getMessage().contains("GNU long name"), e.getMessage());
        try (Stream<Path> inRoot = Files.list(root)) {
            assertEquals(List.of(root.resolve("before")), inRoot.toList());
        }
    }
}
