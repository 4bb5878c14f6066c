package io.wharf.containers.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.rest.ContainerPruneBody;
import io.wharf.api.events.Event;
import io.wharf.containers.WithHarness;
import io.wharf.containers.store.Container;
import io.wharf.support.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ContainerPrunerTest extends WithHarness {
    final List<String> removed = new ArrayList<>();


    private String create(String name, String label) {
        return h.create(name, "{\"Image\":\"busybox\",\"Labels\":{\"tier\":\"" + label + "\"},"
                + "\"HostConfig\":{\"NetworkMode\":\"none\"}}");
    }

    private ContainerPruner pruner(Consumer<Container> remover) {
        return new ContainerPruner(h.index, remover, c -> 7, h.engine.events());
    }

    private ContainerPruneBody prune(String filters) {
        return pruner(c -> removed.add(c.id())).prune(Filters.parse(filters));
    }

    @Test
    void removesStoppedContainersTheLabelsSelect() {
        String web = create("web", "web");
        String db = create("db", "db");
        String running = create("up", "web");
        h.engine.start(h.get(running));
        ContainerPruneBody report = prune("{\"label\":[\"tier=web\"]}");
        assertEquals(List.of(web), removed);
        assertEquals(List.of(web), report.containersDeleted());
        assertEquals(7L, report.spaceReclaimed());
        Event prune = h.events.get(h.events.size() - 1);
        assertEquals("prune", prune.action());
        assertEquals(Map.of("reclaimed", "7"), prune.attributes());
        removed.clear();
        prune("{\"label!\":[\"tier=web\"]}");
        assertEquals(List.of(db), removed);
    }

    @Test
    void untilKeepsNewerContainers() {
        create("new", "web");
        ContainerPruneBody report = prune("{\"until\":[\"2000-01-01T00:00:00Z\"]}");
        assertNull(report.containersDeleted());
        assertEquals(0L, report.spaceReclaimed());
    }

    @Test
    void aContainerThatCannotBeRemovedIsNotCounted() {
        create("busy", "web");
        ContainerPruneBody report = pruner(c -> {
            throw EngineException.conflict("started meanwhile");
        }).prune(Filters.parse(null));
        assertNull(report.containersDeleted());
        assertEquals(0L, report.spaceReclaimed());
    }

    @Test
    void unknownFilterIs400() {
        EngineException e = assertThrows(EngineException.class, () -> prune("{\"colour\":[\"red\"]}"));
        assertEquals(400, e.kind().httpStatus());
    }
}
