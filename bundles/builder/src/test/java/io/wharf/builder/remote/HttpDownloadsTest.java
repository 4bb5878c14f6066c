package io.wharf.builder.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GETs with Docker's status errors, against a server on 127.0.0.1. */
class HttpDownloadsTest {
    @Test
    void aFileArrivesWithItsLastModifiedTime() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Map.of("/f.txt", LocalHttpServer.Reply.ok("hello",
                Map.of("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"))));
             HttpDownloads.Download d = new HttpDownloads().get(server.url("/f.txt"))) {
            assertEquals("hello", new String(d.body().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(Optional.of(Instant.parse("2015-10-21T07:28:00Z")), d.lastModifiedTime());
        }
    }

    @Test
    void errorStatusesFailAsDockerSaysTheyDo() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(Map.of("/denied", new LocalHttpServer.Reply(403,
                "go away\n".getBytes(StandardCharsets.UTF_8), Map.of())))) {
            HttpDownloads downloads = new HttpDownloads();
            EngineException missing = assertThrows(EngineException.class, () -> downloads.get(server.url("/x")));
            assertEquals(ErrorKind.NOT_FOUND, missing.kind());
            assertEquals("failed to GET " + server.url("/x") + " with status 404 Not Found: no such file",
                    missing.getMessage());
            EngineException denied = assertThrows(EngineException.class, () -> downloads.get(server.url("/denied")));
            assertEquals(ErrorKind.INVALID_PARAMETER, denied.kind());
            assertTrue(denied.getMessage().endsWith("with status 403 Forbidden: go away"), denied.getMessage());
        }
    }

    @Test
    void anUnreachableOrMalformedUrlIsTheClientsError() {
        HttpDownloads downloads = new HttpDownloads();
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> downloads.get("http://127.0.0.1:1/x")).kind());
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> downloads.get("http://bad host/x")).kind());
    }

    @Test
    void aBodyOverTheLimitFailsWhetherAnnouncedOrNot() throws Exception {
        byte[] eleven = "0123456789A".getBytes(StandardCharsets.US_ASCII);
        try (LocalHttpServer server = new LocalHttpServer(Map.of("/announced", new LocalHttpServer.Reply(200, eleven,
                Map.of()), "/chunked", LocalHttpServer.Reply.chunked(eleven), "/fits",
                LocalHttpServer.Reply.chunked("0123456789".getBytes(StandardCharsets.US_ASCII))))) {
            HttpDownloads downloads = new HttpDownloads(10);
            EngineException announced = assertThrows(EngineException.class,
                    () -> downloads.get(server.url("/announced")));
            assertEquals(ErrorKind.INVALID_PARAMETER, announced.kind());
            assertEquals("downloading " + server.url("/announced") + ": larger than the builder's download limit "
                    + "of 10 bytes", announced.getMessage());
            try (HttpDownloads.Download d = downloads.get(server.url("/chunked"))) {
                EngineException streamed = assertThrows(EngineException.class, () -> d.body().readAllBytes());
                assertTrue(streamed.getMessage().contains("download limit of 10 bytes"), streamed.getMessage());
            }
            try (HttpDownloads.Download d = downloads.get(server.url("/fits"))) {
                assertEquals(10, d.body().readAllBytes().length); // exactly the limit is allowed
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new HttpDownloads(0));
    }

    @Test
    void httpDatesParseAndOthersAreIgnored() {
        assertEquals(Optional.of(Instant.parse("1994-11-06T08:49:37Z")),
                HttpDownloads.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(Optional.empty(), HttpDownloads.parseHttpDate("yesterday"));
    }
}
