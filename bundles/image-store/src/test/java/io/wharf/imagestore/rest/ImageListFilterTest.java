package io.wharf.imagestore.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.Image;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /images/json's filters on images made up in memory. */
class ImageListFilterTest {
    final Image base = image("base", "2024-01-01T00:00:00Z", "{\"tier\":\"base\"}", List.of("busybox:latest"),
            List.of());
    final Image app = image("app", "2024-02-01T00:00:00Z", "{\"tier\":\"app\"}",
            List.of("localhost:5000/team/app:v1", "app:latest"), List.of());
    final Image dangling = image("dangling", "2024-03-01T00:00:00Z", "{}", List.of(), List.of());
    final Map<String, Image> byName = Map.of("base", base, "app", app, "dangling", dangling);

    static Image image(String name, String created, String labels, List<String> tags, List<String> digests) {
        String json = "{\"comment\":\"" + name + "\",\"created\":\"" + created + "\",\"config\":{\"Labels\":" + labels
                + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        try {
            return new Image(Digest.sha256(raw), raw, Json.WITHOUT_NULLS.readValue(raw, ImageConfig.class), tags, digests,
                    null, 0, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ImageListFilter filter(String json, boolean all) {
        return ImageListFilter.parse(json, all, n -> {
            Image i = byName.get(n);
            if (i == null) {
                throw EngineException.notFound("No such image: %s", n);
            }
            return i;
        });
    }

    /** The names of the images the filter keeps, given which have children. */
    List<String> kept(String json, boolean all, Image... withChildren) {
        ImageListFilter f = filter(json, all);
        List<Image> parents = List.of(withChildren);
        return List.of(base, app, dangling).stream()
                .filter(i -> f.apply(i, parents.contains(i)) != null)
                .map(i -> i.config().comment()).toList();
    }

    @Test
    void noFilterHidesOnlyUntaggedParents() {
        assertEquals(List.of("base", "app", "dangling"), kept(null, false));
        assertEquals(List.of("base", "app"), kept(null, false, dangling));
        assertEquals(List.of("base", "app", "dangling"), kept(null, true, dangling));
    }

    @Test
    void dangling() {
        assertEquals(List.of("dangling"), kept("{\"dangling\":[\"true\"]}", false));
        assertEquals(List.of("base", "app"), kept("{\"dangling\":[\"false\"]}", false));
        assertEquals(List.of(), kept("{\"dangling\":[\"true\"]}", true, dangling), "a parent is not dangling");
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> filter("{\"dangling\":[\"maybe\"]}", false)).kind());
    }

    @Test
    void labels() {
        assertEquals(List.of("base"), kept("{\"label\":[\"tier=base\"]}", false));
        assertEquals(List.of("base", "app"), kept("{\"label\":[\"tier\"]}", false));
        assertEquals(List.of("app", "dangling"), kept("{\"label!\":[\"tier=base\"]}", false));
    }

    @Test
    void beforeSinceAndUntil() {
        assertEquals(List.of("base"), kept("{\"before\":[\"app\"]}", false));
        assertEquals(List.of("dangling"), kept("{\"since\":[\"app\"]}", false));
        assertEquals(List.of("base", "app"), kept("{\"until\":[\"2024-02-15T00:00:00Z\"]}", false));
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> filter("{\"before\":[\"nothere\"]}", false)).kind());
    }

    @Test
    void referenceWildcardsKeepMatchingTagsOnly() {
        assertEquals(List.of("base"), kept("{\"reference\":[\"busy*\"]}", false));
        assertEquals(List.of("app"), kept("{\"reference\":[\"localhost:5000/team/*\"]}", false));
        ImageListFilter.Shown shown = filter("{\"reference\":[\"app:*\"]}", false).apply(app, false);
        assertEquals(List.of("app:latest"), shown.tags());
        assertNull(filter("{\"reference\":[\"*\"]}", false).apply(dangling, false), "untagged never matches");
    }

    @Test
    void unknownKeysAreRefused() {
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> filter("{\"bogus\":[\"x\"]}", false)).kind());
    }
}
