package io.wharf.pluginmanager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateContextTest {
    @TempDir
    Path dir;

    @Test
    void readsTheConfigAndTheJarFromAPlainOrGzippedContext() throws Exception {
        byte[] jar = "PK jar".getBytes(StandardCharsets.UTF_8);
        for (boolean gzip : new boolean[] {false, true}) {
            Path target = dir.resolve("jar-" + gzip);
            CreateContext.Contents contents = CreateContext.read(
                    new ByteArrayInputStream(PluginContexts.tar("{\"a\": 1}", jar, gzip)), target);
            assertEquals("{\"a\": 1}", new String(contents.config(), StandardCharsets.UTF_8));
            assertArrayEquals(jar, Files.readAllBytes(target));
        }
    }

    @Test
    void aJarBesideTheConfigIsTheBundleToo() throws Exception {
        byte[] tar = PluginContexts.files("config.json", "{}", "driver.jar", "PK");
        CreateContext.read(new ByteArrayInputStream(tar), dir.resolve("jar"));
        assertEquals("PK", Files.readString(dir.resolve("jar")));
    }

    @Test
    void aContextWithoutConfigOrJarOrNotATarIs400() throws Exception {
        byte[][] bodies = {PluginContexts.tar(null, new byte[1], false), PluginContexts.tar("{}", null, false),
                "not a tar at all, just some text that is long enough".getBytes(StandardCharsets.UTF_8)};
        for (byte[] body : bodies) {
            EngineException e = assertThrows(EngineException.class,
                    () -> CreateContext.read(new ByteArrayInputStream(body), dir.resolve("jar")));
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        }
        EngineException text = assertThrows(EngineException.class,
                () -> CreateContext.read(new ByteArrayInputStream(bodies[2]), dir.resolve("jar")));
        assertEquals("the plugin context is not a tar archive (or an empty one)", text.getMessage());
    }
}
