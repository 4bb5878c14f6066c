package io.wharf.builder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** remote=: http(s) URLs are fetched; git and other schemes are a 400 before anything is fetched. */
class RemoteContextTest {
    @Test
    void anHttpUrlIsFetched() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Map.of("/Dockerfile",
                LocalHttpServer.Reply.ok("FROM busybox\n", Map.of())));
             InputStream in = new RemoteContext(new HttpDownloads()).open(server.url("/Dockerfile"))) {
            assertEquals("FROM busybox\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void gitAndUnknownSchemesAreRefused() {
        RemoteContext remote = new RemoteContext(new HttpDownloads());
        EngineException git = assertThrows(EngineException.class, () -> remote.open("https://github.com/a/b.git"));
        assertEquals(ErrorKind.INVALID_PARAMETER, git.kind());
        assertTrue(git.getMessage().startsWith("git contexts are not supported"), git.getMessage());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class, () -> remote.open("ftp://h/x")).kind());
    }
}
