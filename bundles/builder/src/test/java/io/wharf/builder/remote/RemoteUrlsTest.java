package io.wharf.builder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** moby's urlutil rules and getFilenameForDownload. */
class RemoteUrlsTest {
    @Test
    void gitUrlsAreToldFromPlainOnes() {
        assertTrue(RemoteUrls.isGit("https://github.com/moby/moby.git"));
        assertTrue(RemoteUrls.isGit("https://example.com/repo.git#main:dir"));
        assertTrue(RemoteUrls.isGit("git://example.com/repo"));
        assertTrue(RemoteUrls.isGit("github.com/moby/moby"));
        assertTrue(RemoteUrls.isGit("git@github.com:moby/moby.git"));
        assertFalse(RemoteUrls.isGit("https://example.com/context.tar.gz"));
        assertTrue(RemoteUrls.isHttp("HTTPS://example.com/x"));
        assertFalse(RemoteUrls.isHttp("ftp://example.com/x"));
    }

    @Test
    void aDownloadIsNamedAfterThePathElseTheDisposition() {
        assertEquals(Optional.of("file.txt"), RemoteUrls.fileName("http://h/dir/file.txt?x=1", Optional.empty()));
        assertEquals(Optional.of("a b.txt"), RemoteUrls.fileName("http://h/dir/",
                Optional.of("attachment; filename=\"a b.txt\"")));
        assertEquals(Optional.of("c.txt"), RemoteUrls.fileName("http://h/", Optional.of("attachment; filename=x/c.txt")));
        assertEquals(Optional.empty(), RemoteUrls.fileName("http://h/", Optional.empty()));
        assertEquals(Optional.empty(), RemoteUrls.fileName("http://h", Optional.of("inline")));
    }
}
