package io.wharf.containers.lifecycle;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import java.util.Map;

/** docker rename (moby's rename.go): the new name is reserved first and the old one freed once saved. */
final class ContainerRenamer {
    private final ContainerIndex index;
    private final Events events;
    private final Persister persister;

    ContainerRenamer(ContainerIndex index, Events events, Persister persister) {
        this.index = index;
        this.events = events;
        this.persister = persister;
    }

    void rename(Container c, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw EngineException.invalid("Neither old nor new names may be empty");
        }
        String name = ContainerIndex.normalizeName(newName);
        String old;
        synchronized (c) {
            old = c.record().name();
            if (old.equals(name)) {
                throw EngineException.invalid("Renaming a container with the same name as its current name");
            }
            index.reserveName(name, c.id());
            c.record().rename(name);
        }
        try {
            persister.persist(c);
        } catch (EngineException e) {
            synchronized (c) {
                c.record().rename(old);
            }
            index.releaseName(name, c.id());
            throw e;
        }
        index.releaseName(old, c.id());
        events.container(c, "rename", Map.of("oldName", old));
    }
}
