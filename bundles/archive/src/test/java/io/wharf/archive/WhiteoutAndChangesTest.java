package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.Change.Kind;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhiteoutAndChangesTest {
    private final LinuxFs fs = LinuxFs.get();

    @TempDir
    Path temp;

    @BeforeEach
    void needRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "whiteouts and owners need root");
    }

    private static Tars baseLayer() throws IOException {
        return new Tars().dir("etc").file("etc/passwd", "root").file("etc/group", "root")
                .dir("opt").file("opt/old1", "1").dir("opt/sub").file("opt/sub/old2", "2");
    }

    /** Deletes etc/group, makes opt opaque with one new file: in a deliberately awkward order. */
    private static Tars secondLayer() throws IOException {
        return new Tars().dir("opt").file("opt/new", "n").file("opt/.wh..wh..opq", "").file("etc/.wh.group", "");
    }

    @Test
    void deleteModeAppliesWhiteoutsToTheCopy() throws IOException {
        Path layer = Files.createDirectory(temp.resolve("layer"));
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(baseLayer().bytes()), layer);
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(secondLayer().bytes()), layer);

        assertTrue(Files.exists(layer.resolve("etc/passwd")));
        assertFalse(Files.exists(layer.resolve("etc/group"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("new"), TreeWalker.sortedChildren(layer.resolve("opt")),
                "opaque keeps what the layer itself wrote");
    }

    @Test
    void overlayModeWritesOverlayWhiteoutsAndTarConvertsThemBack() throws IOException {
        Path diff = Files.createDirectory(temp.resolve("diff"));
        new LayerApplier(WhiteoutMode.OVERLAY, LinuxFs.get()).apply(new ByteArrayInputStream(secondLayer().bytes()), diff);

        FileStat whiteout = FileStat.of(diff.resolve("etc/group"));
        assertTrue(whiteout.isOverlayWhiteout());
        assertEquals("y", new String(fs.getXattr(diff.resolve("opt"), Whiteouts.OVERLAY_OPAQUE_XATTR).orElseThrow()));
        assertEquals("n", Files.readString(diff.resolve("opt/new")));

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        new LayerDiffer(LinuxFs.get()).writeOverlayUpper(diff, tar);
        assertEquals(List.of("etc/", "etc/.wh.group", "opt/", "opt/.wh..wh..opq", "opt/new"),
                Tars.names(new ByteArrayInputStream(tar.toByteArray())));

        // and the converted tar applies onto a copy like the original layer
        Path copy = Files.createDirectory(temp.resolve("copy"));
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(baseLayer().bytes()), copy);
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(tar.toByteArray()), copy);
        assertFalse(Files.exists(copy.resolve("etc/group")));
        assertEquals(List.of("new"), TreeWalker.sortedChildren(copy.resolve("opt")));
    }

    @Test
    void overlayUpperChangesAgainstLowers() throws IOException {
        Path lower = Files.createDirectory(temp.resolve("lower"));
        new LayerApplier(WhiteoutMode.OVERLAY, LinuxFs.get()).apply(new ByteArrayInputStream(baseLayer().bytes()), lower);
        Path upper = Files.createDirectory(temp.resolve("upper"));
        new LayerApplier(WhiteoutMode.OVERLAY, LinuxFs.get()).apply(new ByteArrayInputStream(secondLayer().bytes()), upper);
        Files.writeString(upper.resolve("etc/passwd"), "changed");

        assertEquals(List.of(
                new Change("/etc", Kind.MODIFIED),
                new Change("/etc/group", Kind.DELETED),
                new Change("/etc/passwd", Kind.MODIFIED),
                new Change("/opt", Kind.MODIFIED),
                new Change("/opt/new", Kind.ADDED)), LayerChanges.ofOverlayUpper(LinuxFs.get(), upper, List.of(lower)));
    }

    @Test
    void lowerViewHonoursWhiteoutsAndOpaqueDirectories() throws IOException {
        Path bottom = Files.createDirectory(temp.resolve("bottom"));
        new LayerApplier(WhiteoutMode.OVERLAY, LinuxFs.get()).apply(new ByteArrayInputStream(baseLayer().bytes()), bottom);
        Path middle = Files.createDirectory(temp.resolve("middle"));
        new LayerApplier(WhiteoutMode.OVERLAY, LinuxFs.get()).apply(new ByteArrayInputStream(secondLayer().bytes()), middle);
        var view = new LayerChanges.OverlayLowerView(LinuxFs.get(), List.of(middle, bottom));
        assertTrue(view.exists("etc/passwd"));
        assertFalse(view.exists("etc/group"));
        assertFalse(view.exists("opt/old1"));
        assertFalse(view.exists("opt/sub/old2"));
        assertTrue(view.exists("opt/new"));
        assertFalse(view.exists("nothing"));
    }

    @Test
    void differenceOfTwoTreesAsChangesAndTar() throws IOException {
        Path parent = Files.createDirectory(temp.resolve("parent"));
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(baseLayer().bytes()), parent);
        Path layer = Files.createDirectory(temp.resolve("layer"));
        DirectoryTrees.copy(LinuxFs.get(), parent, layer);

        Files.writeString(layer.resolve("etc/passwd"), "root\nuser");
        Files.delete(layer.resolve("etc/group"));
        DirectoryTrees.delete(layer.resolve("opt/sub"));
        Files.createDirectories(layer.resolve("var/log"));
        Files.writeString(layer.resolve("var/log/new.log"), "log");
        fs.chmod(layer.resolve("opt/old1"), 0600);

        assertEquals(List.of(
                new Change("/etc", Kind.MODIFIED),
                new Change("/etc/group", Kind.DELETED),
                new Change("/etc/passwd", Kind.MODIFIED),
                new Change("/opt", Kind.MODIFIED),
                new Change("/opt/old1", Kind.MODIFIED),
                new Change("/opt/sub", Kind.DELETED),
                new Change("/var", Kind.ADDED),
                new Change("/var/log", Kind.ADDED),
                new Change("/var/log/new.log", Kind.ADDED)), LayerChanges.between(parent, layer));
        assertEquals("root\nuser".length() + 1 + "log".length(), LayerChanges.contentSize(parent, layer));

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        new LayerDiffer(LinuxFs.get()).writeDifference(parent, layer, tar);
        assertEquals(List.of("etc/", "etc/.wh.group", "etc/passwd", "opt/", "opt/old1", "opt/.wh.sub", "var/",
                "var/log/", "var/log/new.log"), Tars.names(new ByteArrayInputStream(tar.toByteArray())));

        // parent + difference == layer
        Path rebuilt = Files.createDirectory(temp.resolve("rebuilt"));
        DirectoryTrees.copy(LinuxFs.get(), parent, rebuilt);
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(tar.toByteArray()), rebuilt);
        assertEquals(TreeSnapshot.of(layer), TreeSnapshot.of(rebuilt));
    }

    @Test
    void changesOfABaseLayerAreAllAdditions() throws IOException {
        Path layer = Files.createDirectory(temp.resolve("layer"));
        new LayerApplier(WhiteoutMode.DELETE, LinuxFs.get()).apply(new ByteArrayInputStream(new Tars().dir("a").file("a/b", "").bytes()), layer);
        assertEquals(List.of(new Change("/a", Kind.ADDED), new Change("/a/b", Kind.ADDED)),
                LayerChanges.between(null, layer));
    }
}
