package io.wharf.containers.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStoreSaveTest {
    @TempDir
    Path dataRoot;

    @Test
    void aSaveRewritesTheHostConfigOnlyWhenItChanged() throws Exception {
        Path fixture = Path.of(getClass().getResource("/wharf-0.1/containers").toURI());
        new ProcessBuilder("cp", "-a", fixture.toString(), dataRoot.toString()).inheritIO().start().waitFor();
        ContainerStore store = new ContainerStore(dataRoot.resolve("containers"));
        List<Container> loaded = store.loadAll();
        Container c = loaded.get(0);
        store.save(c);
        Object hostConfig = fileKey(c, "hostconfig.json");
        Object config = fileKey(c, "config.v2.json");

        store.save(c);
        assertEquals(hostConfig, fileKey(c, "hostconfig.json"), "an unchanged host config is left as it is");
        assertNotEquals(config, fileKey(c, "config.v2.json"), "the record is always written");

        c.hostConfig().autoRemove = !c.hostConfig().autoRemove;
        store.save(c);
        assertNotEquals(hostConfig, fileKey(c, "hostconfig.json"));
        assertEquals(c.hostConfig().autoRemove, store.loadAll().stream().filter(l -> l.id().equals(c.id()))
                .findFirst().orElseThrow().hostConfig().autoRemove);
    }

    private static Object fileKey(Container c, String name) throws Exception {
        return Files.readAttributes(c.dir().resolve(name), BasicFileAttributes.class).fileKey();
    }
}
