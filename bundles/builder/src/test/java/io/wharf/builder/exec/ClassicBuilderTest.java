package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.image.ImageService;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder reads its step cache on first use, not when the daemon starts: the cache is still the one used. */
class ClassicBuilderTest {
    @TempDir
    Path home;

    @Test
    void aCacheWrittenBeforeTheStartIsReadWhenFirstNeeded() throws Exception {
        Files.writeString(home.resolve("cache.json"), "{\"k2\":\"sha256:b\",\"k1\":\"sha256:a\"}");
        ClassicBuilder builder = new ClassicBuilder(noImages(), null, null, () -> null, null, home, "28.2",
                Clock.systemUTC());
        // the file changes after the daemon started: the builder sees it as it is on first use
        Files.writeString(home.resolve("cache.json"), "{\"k3\":\"sha256:c\"}");

        assertEquals(List.of("k3"), builder.pruneCache().cachesDeleted());
        assertEquals(List.of(), builder.pruneCache().cachesDeleted(), "pruned once, the cache stays empty");
        assertEquals("{}", Files.readString(home.resolve("cache.json")));
    }

    /** An image store with no images: the cached steps' images are gone, as after an rmi. */
    private static ImageService noImages() {
        return (ImageService) Proxy.newProxyInstance(ImageService.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        return List.of();
                    }
                    throw io.wharf.api.errors.EngineException.notFound("No such image: %s", args[0]);
                });
    }
}
