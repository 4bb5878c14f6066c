package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryPathTest {
    @TempDir
    Path tmp;

    @Test
    void readsFoldersAndIncludesInLdconfigOrderThenTheTrustedOnes() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("lib/a"));
        Path b = Files.createDirectories(tmp.resolve("lib/b"));
        Path c = Files.createDirectories(tmp.resolve("lib/c"));
        Files.createDirectories(tmp.resolve("conf.d"));
        Files.writeString(tmp.resolve("conf.d/2-b.conf"), "# multiarch\n" + b + "\n" + tmp.resolve("missing") + "\n");
        Files.writeString(tmp.resolve("conf.d/1-a.conf"), a + "  # comment\n" + b + "\n");
        Files.writeString(tmp.resolve("conf.d/ignored.txt"), "/nowhere\n");
        Path conf = Files.writeString(tmp.resolve("ld.so.conf"), c + "=hwcap\ninclude conf.d/*.conf\n");

        List<String> folders = new ArrayList<>(NativeLibraryPath.folders(conf));

        List<String> trusted = List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib").stream()
                .filter(f -> Files.isDirectory(Path.of(f))).toList();
        List<String> expected = new ArrayList<>(List.of(c.toString(), a.toString(), b.toString()));
        expected.addAll(trusted);
        assertEquals(expected, folders);
    }

    @Test
    void aMissingConfigurationLeavesTheTrustedFolders() {
        List<String> folders = new ArrayList<>(NativeLibraryPath.folders(tmp.resolve("none.conf")));
        assertEquals(List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib").stream()
                .filter(f -> Files.isDirectory(Path.of(f))).toList(), folders);
    }

    @Test
    void anIncludeLoopEnds() throws Exception {
        Path self = tmp.resolve("loop.conf");
        Files.writeString(self, "include loop.conf\n" + tmp + "\n");
        assertEquals(tmp.toString(), NativeLibraryPath.folders(self).iterator().next());
    }
}
