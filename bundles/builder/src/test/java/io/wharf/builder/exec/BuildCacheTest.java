package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.support.FormatVersion;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step cache: keys, persistence across instances (a restart), and entries whose image went away. */
class BuildCacheTest {
    @TempDir
    Path dir;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private final Map<String, Image> stored = new HashMap<>();

    private ImageService images() {
        return (ImageService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ImageService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        return List.copyOf(stored.values());
                    }
                    if (!method.getName().equals("inspect")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Image image = stored.get((String) args[0]);
                    if (image == null) {
                        throw EngineException.notFound("No such image: %s", args[0]);
                    }
                    return image;
                });
    }

    private Image image(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        Image image = new Image(Digest.sha256(raw), raw, new ImageConfig(null, "linux", null, null, null, null, null,
                null, null, null), List.of(), List.of(), null, 0, null);
        stored.put(image.id().toString(), image);
        return image;
    }

    @Test
    void keysDependOnParentTextAndSources() {
        Image parent = image("p");
        String key = BuildCache.key(parent, "RUN a", null);
        assertEquals(key, BuildCache.key(parent, "RUN a", null));
        assertNotEquals(key, BuildCache.key(null, "RUN a", null));
        assertNotEquals(key, BuildCache.key(parent, "RUN b", null));
        assertNotEquals(key, BuildCache.key(parent, "RUN a", "file:1"));
    }

    @Test
    void entriesSurviveANewInstanceAndARemovedImageIsAMiss() throws Exception {
        Path file = dir.resolve("builder/cache.json");
        Image made = image("made");
        new BuildCache(file, images(), CLOCK).put("k", made, null, "RUN made");
        BuildCache reopened = new BuildCache(file, images(), CLOCK);
        assertEquals(made.id(), reopened.find("k").orElseThrow().id());
        stored.clear();
        assertTrue(reopened.find("k").isEmpty());
        assertEquals(0, reopened.size());
    }

    @Test
    void aHitCountsAsAUseWrittenWithoutDelayingTheBuildAndRemovalReturnsOrphanedImages() throws Exception {
        Path file = dir.resolve("cache.json");
        BuildCache cache = new BuildCache(file, images(), CLOCK);
        Image base = image("base");
        Image one = image("one");
        cache.put("b", one, base, "RUN one");
        cache.put("a", image("two"), one, "RUN two");
        cache.find("a");
        cache.find("a");
        cache.flush();
        BuildCacheRecord a = new BuildCache(file, images(), CLOCK).records().stream()
                .filter(r -> r.id().equals("a")).findFirst().orElseThrow();
        assertEquals(2, a.usageCount());
        assertEquals(List.of("b"), a.parents(), "the record of the step it built on");
        assertEquals(CLOCK.instant(), a.lastUsedAt());
        assertEquals("RUN two", a.description());
        assertEquals(List.of(image("two").id().toString(), one.id().toString()),
                List.copyOf(cache.remove(List.of("a", "b")).keySet()), "newest step first");
        assertEquals(0, new BuildCache(file, images(), CLOCK).size());
    }

    @Test
    void hitsShowInTheRecordsAtOnceAndAddUpAcrossReadsWithTheLastHitsTime() throws Exception {
        Path file = dir.resolve("cache.json");
        Instant[] now = {Instant.parse("2026-01-02T03:04:05Z")};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        BuildCache cache = new BuildCache(file, images(), moving);
        cache.put("k", image("made"), null, "RUN made");
        cache.find("k");
        assertEquals(1, cache.records().get(0).usageCount(), "read without waiting for the save");
        now[0] = now[0].plusSeconds(60);
        cache.find("k");
        cache.find("k");
        BuildCacheRecord record = cache.records().get(0);
        assertEquals(3, record.usageCount());
        assertEquals(now[0], record.lastUsedAt());
        cache.flush();
        assertEquals(3, new BuildCache(file, images(), moving).records().get(0).usageCount());

        cache.find("k");
        cache.put("k", image("made again"), null, "RUN made"); // a new record: the old one's hits are not its own
        assertEquals(0, cache.records().get(0).usageCount());
        assertEquals(null, cache.records().get(0).lastUsedAt());
        cache.find("k");
        stored.clear();
        assertTrue(cache.find("k").isEmpty());
        assertEquals(List.of(), cache.records());
    }

    @Test
    void theFirstFormatStillLoads() throws Exception {
        Path file = dir.resolve("cache.json");
        Image made = image("made");
        Files.writeString(file, "{\"k\":\"" + made.id() + "\"}");
        assertEquals(made.id(), new BuildCache(file, images(), CLOCK).find("k").orElseThrow().id());
    }

    @Test
    void anUnversionedBuilderFolderIsMigratedToRecordsAndMarked() throws Exception {
        Path home = Files.createDirectories(dir.resolve("builder"));
        Path file = home.resolve("cache.json");
        Image made = image("made");
        Files.writeString(file, "{\"k\":\"" + made.id() + "\"}"); // as Wharf 0.1 (689d0a6) wrote it

        BuildCache.openArea(home, "cache.json", CLOCK);

        assertEquals("{\"k\":{\"image\":\"" + made.id() + "\",\"parent\":null,\"description\":\"\",\"size\":0,"
                + "\"created\":\"2026-01-02T03:04:05Z\",\"lastUsed\":null,\"uses\":0}}", Files.readString(file));
        assertEquals(FormatVersion.Area.BUILDER.current(), FormatVersion.read(home));
        assertEquals(made.id(), new BuildCache(file, images(), CLOCK).find("k").orElseThrow().id());
    }
}
