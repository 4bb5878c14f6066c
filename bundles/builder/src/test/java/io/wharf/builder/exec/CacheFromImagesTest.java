package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --cache-from: a step matches the next history entry of an image that begins with the parent. */
class CacheFromImagesTest {
    private static final Digest BASE_LAYER = Digest.sha256("base".getBytes(StandardCharsets.UTF_8));
    private static final Digest RUN_LAYER = Digest.sha256("run".getBytes(StandardCharsets.UTF_8));

    private static ImageConfig.History h(String createdBy, boolean empty) {
        return new ImageConfig.History("2026-01-01T00:00:00Z", createdBy, null, null, empty ? true : null);
    }

    private static Image image(String name, List<ImageConfig.History> history, List<Digest> layers) {
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        ImageConfig config = new ImageConfig("amd64", "linux", null, null, null, null, null, ContainerConfig.empty(),
                ImageConfig.RootFs.layers(layers), history);
        return new Image(Digest.sha256(raw), raw, config, List.of(name), List.of(), null, 0, null);
    }

    private static final Image BASE = image("base", List.of(h("ADD rootfs", false)), List.of(BASE_LAYER));
    private static final Image BUILT = image("built", List.of(h("ADD rootfs", false), h("RUN make", false),
            h("ENV A=1", true)), List.of(BASE_LAYER, RUN_LAYER));
    private static final Image OTHER_BASE = image("other", List.of(h("ADD other", false)),
            List.of(Digest.sha256("other".getBytes(StandardCharsets.UTF_8))));

    private static ImageService images(Image... known) {
        Map<String, Image> byName = new java.util.HashMap<>();
        for (Image i : known) {
            byName.put(i.repoTags().get(0), i);
        }
        return (ImageService) Proxy.newProxyInstance(CacheFromImagesTest.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                    Image found = byName.get((String) args[0]);
                    if (found == null) {
                        throw EngineException.notFound("No such image: %s", args[0]);
                    }
                    return found;
                });
    }

    @Test
    void aStepMatchesTheNextEntryOfAnImageBuiltOnTheParent() {
        CacheFromImages sources = CacheFromImages.resolve(images(BUILT), List.of("missing", "built")).forStage();
        var run = sources.match(BASE, "RUN make").orElseThrow();
        assertEquals(BUILT, run.target());
        assertEquals(1, run.index());
        assertFalse(run.isLast());
        assertTrue(sources.match(BASE, "RUN other").isEmpty(), "another instruction text misses");
        Image afterRun = image("after", new ArrayList<>(BUILT.config().history().subList(0, 2)),
                List.of(BASE_LAYER, RUN_LAYER));
        assertTrue(sources.match(afterRun, "ENV A=1").orElseThrow().isLast());
    }

    @Test
    void anImageOnAnotherBaseOrWithoutSourcesNeverMatches() {
        CacheFromImages sources = CacheFromImages.resolve(images(BUILT), List.of("built"));
        assertTrue(sources.match(OTHER_BASE, "RUN make").isEmpty());
        assertTrue(CacheFromImages.none().match(BASE, "RUN make").isEmpty());
        assertEquals(0, CacheFromImages.resolve(images(BUILT), List.of("built")).match(null, "ADD rootfs")
                .orElseThrow().index(), "FROM scratch: the first entry");
    }
}
