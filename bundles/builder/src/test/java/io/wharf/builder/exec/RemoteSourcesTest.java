package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.builder.remote.HttpDownloads;
import io.wharf.builder.remote.LocalHttpServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD <url>: the file is named, moded and dated as the classic builder does it, and goes on close. */
class RemoteSourcesTest {
    @TempDir
    Path scratch;

    @Test
    void aDownloadIsMode0600AndDatedByLastModified() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Map.of(
                "/dir/data.tar", LocalHttpServer.Reply.ok("not really a tar",
                        Map.of("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")),
                "/plain", LocalHttpServer.Reply.ok("x", Map.of())))) {
            Path file;
            try (RemoteSources remote = new RemoteSources(new HttpDownloads(), scratch)) {
                file = remote.download(server.url("/dir/data.tar"));
                assertEquals("data.tar", file.getFileName().toString());
                assertEquals("not really a tar", Files.readString(file));
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                assertEquals(Instant.parse("2015-10-21T07:28:00Z"), Files.getLastModifiedTime(file).toInstant());
                assertTrue(remote.downloaded(file));
                Path undated = remote.download(server.url("/plain"));
                assertEquals(Instant.EPOCH, Files.getLastModifiedTime(undated).toInstant());
                assertFalse(remote.downloaded(scratch));
            }
            assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aDownloadOverTheLimitFailsTheStepAndLeavesNoPartialFile() throws Exception {
        byte[] big = new byte[256 << 10];
        try (LocalHttpServer server = new LocalHttpServer(Map.of("/big.bin", LocalHttpServer.Reply.chunked(big)));
             RemoteSources remote = new RemoteSources(new HttpDownloads(64 << 10), scratch)) {
            EngineException e = assertThrows(EngineException.class, () -> remote.download(server.url("/big.bin")));
            assertEquals("downloading " + server.url("/big.bin") + ": larger than the builder's download limit of "
                    + (64 << 10) + " bytes", e.getMessage());
            try (var left = Files.walk(scratch)) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
            }
        }
    }

    @Test
    void aUrlWithoutAFileNameIsRefused() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Map.of("/", LocalHttpServer.Reply.ok("x", Map.of())));
             RemoteSources remote = new RemoteSources(new HttpDownloads(), scratch)) {
            EngineException e = assertThrows(EngineException.class, () -> remote.download(server.url("/")));
            assertTrue(e.getMessage().startsWith("cannot determine filename"), e.getMessage());
        }
    }
}
