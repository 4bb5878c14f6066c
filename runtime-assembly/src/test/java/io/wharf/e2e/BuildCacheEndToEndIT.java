package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The build cache's records through the real CLI: docker system df -v, docker builder prune, --cache-from. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildCacheEndToEndIT {
    private static final String DOCKERFILE = """
            FROM busybox
            COPY src/ /src/
            RUN cat /src/* > /all
            ENV X=1
            """;

    @TempDir
    static Path work;
    static Wharfd wharfd;
    static Docker docker;
    static Path context;

    @BeforeAll
    static void startDaemon() throws Exception {
        wharfd = new Wharfd("bcache").start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
        context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(context.resolve("Dockerfile.other"), "FROM busybox\nRUN echo other > /other\n");
        Files.createDirectories(context.resolve("src"));
        for (int n = 0; n < 20; n++) {
            Files.writeString(context.resolve("src/file-" + n), "content " + n + "\n");
        }
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
    }

    private static JsonNode buildCache() throws Exception {
        UnixHttp.Response r = wharfd.http().get("/system/df?type=build-cache");
        assertEquals(200, r.status(), r.body());
        return new ObjectMapper().readTree(r.body()).get("BuildCache");
    }

    private static int cacheHits(Docker.Result r) {
        return r.out().split(" ---> Using cache", -1).length - 1;
    }

    @Test
    @Order(1)
    void systemDfListsTheRecordsOfACachedBuild() throws Exception {
        docker.run("build", "-t", "app:1", context.toString()).ok();
        assertEquals(3, cacheHits(docker.run("build", "-t", "app:1", context.toString()).ok()));
        JsonNode records = buildCache();
        assertEquals(3, records.size(), records.toString());
        JsonNode run = records.get(1);
        assertEquals("regular", run.get("Type").asText());
        assertTrue(run.get("Description").asText().contains("cat /src/* > /all"), run.toString());
        assertTrue(run.get("Shared").asBoolean(), "app:1 is built on it: " + run);
        assertTrue(run.get("Size").asLong() > 0, run.toString());
        assertEquals(1, run.get("UsageCount").asInt(), run.toString());
        assertEquals(records.get(0).get("ID").asText(), run.get("Parents").get(0).asText());
        String df = docker.run("system", "df", "-v").ok().out();
        assertTrue(df.contains("Build cache usage"), df);
        assertTrue(df.contains(run.get("ID").asText().substring(0, 12)), df);
    }

    @Test
    @Order(2)
    void pruneWithoutAllTakesOnlyRecordsNoImageKeepsAndHonoursUntil() throws Exception {
        String other = docker.run("build", "-q", "-f", context.resolve("Dockerfile.other").toString(),
                context.toString()).ok().out().strip();
        assertEquals(4, buildCache().size());
        String recent = docker.run("builder", "prune", "-f", "--filter", "until=1h").ok().out();
        assertTrue(recent.contains("Total reclaimed space: 0B"), recent);
        assertEquals(4, buildCache().size(), "every record was used within the hour");

        String pruned = docker.run("builder", "prune", "-f").ok().out();
        assertTrue(pruned.contains("Deleted build cache objects"), pruned);
        assertEquals(3, buildCache().size(), "app:1's records are shared and stay");
        assertNotEquals(0, docker.run("image", "inspect", other).exitCode(), "the untagged step image went too");

        Docker.Result bad = docker.run("builder", "prune", "-f", "--filter", "colour=red");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.err().contains("invalid filter 'colour'"), bad.err());
    }

    @Test
    @Order(3)
    void cacheFromSeedsAnEmptyCacheFromAnImagesHistory() throws Exception {
        String out = docker.run("builder", "prune", "-af").ok().out();
        assertTrue(out.contains("Total reclaimed space"), out);
        assertEquals(0, buildCache().size());
        Docker.Result seeded = docker.run("build", "--cache-from", "app:1", "-t", "app:2", context.toString()).ok();
        assertEquals(3, cacheHits(seeded), seeded.out());
        String first = docker.run("inspect", "--format", "{{.Id}}", "app:1").ok().out().strip();
        assertEquals(first, docker.run("inspect", "--format", "{{.Id}}", "app:2").ok().out().strip(),
                "the last step is the cache-from image itself, as on dockerd");
        assertEquals(3, buildCache().size(), "the steps taken from app:1 are records now");

        docker.run("builder", "prune", "-af").ok();
        Files.writeString(context.resolve("src/file-3"), "changed\n");
        Docker.Result changed = docker.run("build", "--cache-from", "app:1", "-t", "app:3", context.toString()).ok();
        assertEquals(0, cacheHits(changed), "a changed source misses, and so does every step after it");
        assertEquals("content 0\ncontent 1", docker.run("run", "--rm", "app:3", "head", "-n", "2", "/all").ok()
                .out().strip());
    }
}
