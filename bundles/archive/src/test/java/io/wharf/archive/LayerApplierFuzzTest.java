package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wharf.linux.LinuxFs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Layer tars as a stranger may write them, applied as {@code docker load}, {@code import} and a pull apply them
 * (in both whiteout modes) onto a directory that already holds a lower layer with symbolic links pointing out of
 * it. Whatever the bytes: the layer is applied or refused with an {@link IOException} (a breakout attempt among
 * them), and nothing outside the directory is created, removed or changed.
 */
class LayerApplierFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"ustar\u000000", "ustar  \u0000", "0000644\u0000", "0000000\u0000", ".wh.", ".wh..wh..opq",
        ".wh..wh.plnk", "../", "..", "/", "up/", "out/", "lib/", "abs/", "././@LongLink", "PaxHeaders.0/",
        " path=", " linkpath=", " SCHILY.xattr.user.x=", " SCHILY.xattr.trusted.overlay.opaque=y",
        " GNU.sparse.map=", " size=", " uid=", " mtime="})
    void applyStaysInsideItsDirectory(byte[] tar) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "applying layers needs root");
        for (WhiteoutMode mode : WhiteoutMode.values()) {
            Path temp = Files.createTempDirectory("wharf-tar-fuzz");
            try {
                Path root = lowerLayer(temp);
                Map<String, String> before = outside(temp);
                try (SilentCloseable onlyInside = BugDetectors.setFilePathTraversalAllowPath(
                        p -> p.toAbsolutePath().normalize().startsWith(root))) {
                    new LayerApplier(mode, LinuxFs.get()).apply(new ByteArrayInputStream(tar), root);
                } catch (IOException refused) {
                    // corrupt or hostile: the documented refusal; the caller discards the directory
                }
                assertEquals(before, outside(temp), mode + ": only the target directory may change");
            } finally {
                DirectoryTrees.delete(temp);
            }
        }
    }

    /**
     * temp/a/b/root holds a lower layer whose links point out of it (relatively, absolutely and to a sibling of
     * the root by its real path), so "../../.." and the links have something outside to reach.
     */
    private static Path lowerLayer(Path temp) throws IOException {
        Path root = Files.createDirectories(temp.resolve("a/b/root"));
        Path sentinel = Files.createDirectory(temp.resolve("sentinel"));
        Files.writeString(sentinel.resolve("keep"), "untouched");
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/libc.so"), "elf");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("out"), sentinel);
        Files.createLink(root.resolve("usr/libc.link"), root.resolve("usr/lib/libc.so"));
        LinuxFs.get().makeFifo(root.resolve("fifo"), 0644);
        return root.toRealPath();
    }

    /** Everything under temp but the root and what is in it. */
    private static Map<String, String> outside(Path temp) throws IOException {
        Map<String, String> all = new TreeMap<>(TreeSnapshot.of(temp));
        all.keySet().removeIf(path -> path.equals("a/b/root") || path.startsWith("a/b/root/"));
        return all;
    }
}
