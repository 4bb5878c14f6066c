package io.wharf.builder.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matcher on the Docker documentation's .dockerignore examples and moby patternmatcher's test cases. */
class DockerIgnoreTest {

    // pattern | path | excluded (one-pattern files; a path is also excluded when a parent directory matches)
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "fileutils.go | fileutils.go | true",
        "*.go | fileutils.go | true",
        "*.go | dir/fileutils.go | false",
        "*/temp* | somedir/temporary.txt | true",
        "*/temp* | somedir/temp | true",
        "*/temp* | temp | false",
        "*/*/temp* | somedir/subdir/temporary.txt | true",
        "temp? | tempa | true",
        "temp? | temp | false",
        "temp? | temp/x | false",
        "**/*.go | a.go | true",
        "**/*.go | a/b/c.go | true",
        "**/file | file | true",
        "**/file | dir/file | true",
        "**/file | dir/afile | false",
        "**file | dir/afile | true",
        "** | anything/at/all | true",
        "dir/** | dir/file | true",
        "dir/** | dir/dir2/file | true",
        "dir/** | dir | false",
        "dir/** | dirx/file | false",
        "**/dir2/* | dir/dir2/file | true",
        "**/dir2/* | dir2/file | true",
        "**/dir2/** | dir/dir2/dir3/file | true",
        "a/**/b | a/b | true",
        "a/**/b | a/x/y/b | true",
        "a/**/b | a/xb | false",
        "abc.def | abcdef | false",
        "a+b | a+b | true",
        "a(b){c}$ | a(b){c}$ | true",
        "[a-c]x | bx | true",
        "[a-c]x | dx | false",
        "[^a-c]x | dx | true",
        "[\\]]x | ]x | true",
        "\\*.go | *.go | true",
        "\\*.go | a.go | false",
        "/leading | leading | true",
        "/leading/slash | leading/slash/file | true",
        "./dot/../cleaned | cleaned | true",
        "build | build/out/a.o | true",
        "build/ | build/a.o | true",
        "a]b | a]b | true",
    })
    void matchesAsDockerDoes(String pattern, String path, boolean excluded) {
        assertEquals(excluded, DockerIgnore.parse(pattern).excludes(path));
    }

    @Test
    void theLastMatchingLineWins() {
        DockerIgnore keepReadme = DockerIgnore.parse("*.md\n!README.md\n");
        assertTrue(keepReadme.excludes("CHANGES.md"));
        assertFalse(keepReadme.excludes("README.md"));
        DockerIgnore dropAll = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
        assertFalse(dropAll.excludes("README-public.md"));
        assertTrue(dropAll.excludes("README-secret.md"));
        DockerIgnore exceptionFirst = DockerIgnore.parse("!README.md\n*.md\n");
        assertTrue(exceptionFirst.excludes("README.md"));
    }

    @Test
    void anExcludedDirectoryExcludesItsContentsUnlessAnExceptionReachesIn() {
        DockerIgnore rules = DockerIgnore.parse("docs\n!docs/keep.txt\nbuild\n");
        assertTrue(rules.excludes("docs/a/b.txt"));
        assertFalse(rules.excludes("docs/keep.txt"));
        assertTrue(rules.excludes("docs"));
        assertFalse(rules.canSkipDirectory("docs"), "an exception names a file under docs");
        assertTrue(rules.canSkipDirectory("build"));
        assertFalse(rules.canSkipDirectory("src"), "not excluded at all");
        DockerIgnore everything = DockerIgnore.parse("**\n!Dockerfile\n");
        assertTrue(everything.excludes("src/main.c"));
        assertFalse(everything.excludes("Dockerfile"));
        assertTrue(everything.canSkipDirectory("src"));
        DockerIgnore wildcardException = DockerIgnore.parse("docs\n!docs/*.md\n");
        assertFalse(wildcardException.excludes("docs/a.md"));
        assertTrue(wildcardException.excludes("docs/a.txt"));
        assertFalse(wildcardException.canSkipDirectory("docs"));
    }

    /** What the docker CLI (28.2) sent to dockerd 20.10 for this .dockerignore, read back from the built image. */
    @Test
    void excludesWhatTheDockerCliExcludes() {
        DockerIgnore rules = DockerIgnore.parse("*.md\n!README.md\ndocs\n!docs/keep.txt\n!docs/*.md\nbuild/\n**/*.go\n"
                + "!src/main.go\n/tmpx/**\n!tmpx/a/b.txt\ntemp?\na]b\n");
        List<String> sent = List.of(".dockerignore", "Dockerfile", "README.md", "dir/dir2/file", "docs/b.md",
                "docs/keep.txt", "src/main.go", "tmpx/a/b.txt");
        List<String> left = List.of("a.md", "docs/x.txt", "docs/sub/a.md", "build/out.o", "src/deep/x.go", "a]b",
                "temp1", "x.go");
        for (String path : sent) {
            assertFalse(rules.excludes(path), path);
        }
        for (String path : left) {
            assertTrue(rules.excludes(path), path);
        }
    }

    @Test
    void readsTheFileAsDockerDoes() {
        assertEquals(List.of("a", "!b", "c d", "# not a comment", "x"),
                DockerIgnore.lines("\uFEFF# comment\r\na\n\n  !  b  \n  c d  \n  # not a comment\n/x/\n#!y\n"));
        assertTrue(DockerIgnore.parse("  # not a comment").excludes("# not a comment"));
        assertFalse(DockerIgnore.parse("").excludes("anything"));
        assertFalse(DockerIgnore.none().excludes("anything"));
    }

    @Test
    void malformedPatternsAreRefusedWithDockersText() {
        for (String bad : List.of("[", "a[", "[]", "[a-]", "[z-a]", "trailing\\", "[\\")) {
            assertEquals("syntax error in pattern",
                    assertThrows(IllegalArgumentException.class, () -> DockerIgnore.parse(bad)).getMessage(), bad);
        }
        assertEquals("illegal exclusion pattern: \"!\"",
                assertThrows(IllegalArgumentException.class, () -> DockerIgnore.parse("!\n")).getMessage());
    }
}
