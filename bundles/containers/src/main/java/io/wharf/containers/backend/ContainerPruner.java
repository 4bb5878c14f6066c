package io.wharf.containers.backend;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.lifecycle.Events;
import io.wharf.containers.rest.ContainerPruneBody;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.ContainerIndex;
import io.wharf.support.Filters;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** docker container prune: removes the stopped containers the filters keep, and reports what it reclaimed. */
final class ContainerPruner {
    private static final Set<String> FILTERS = Set.of("until", "label", "label!");
    private final ContainerIndex index;
    private final Consumer<Container> remover;
    private final ToLongFunction<Container> sizeRw;
    private final Events events;

    /**
     * @param remover removes one container, refusing (EngineException) one that started or is being removed
     * @param sizeRw  the size of a container's writable layer, counted as reclaimed when it is removed
     */
    ContainerPruner(ContainerIndex index, Consumer<Container> remover, ToLongFunction<Container> sizeRw,
                    Events events) {
        this.index = index;
        this.remover = remover;
        this.sizeRw = sizeRw;
        this.events = events;
    }

    ContainerPruneBody prune(Filters f) {
        f.validate(FILTERS);
        long until = 0;
        for (String u : f.get("until")) {
            until = Times.epochNanos(Times.parseTimestamp(u, Instant.now()));
        }
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : index.all()) {
            if (!selected(c, f, until)) {
                continue;
            }
            long size = sizeRw.applyAsLong(c);
            try {
                remover.accept(c);
                deleted.add(c.id());
                reclaimed += size;
            } catch (EngineException e) {
                // started meanwhile, or being removed by someone else
            }
        }
        events.publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return ContainerPruneBody.of(deleted, reclaimed);
    }

    /** Stopped, created before {@code until} (epoch nanos, 0 for any time) and matching the label filters. */
    private static boolean selected(Container c, Filters f, long until) {
        Map<String, String> labels;
        Instant created;
        synchronized (c) {
            if (c.isRunning() || c.isRemoved()) {
                return false;
            }
            labels = c.labels();
            created = Times.parseRfc3339(c.record().created);
        }
        if (until != 0 && created != null && Times.epochNanos(created) > until) {
            return false;
        }
        if (!Filters.matchLabels(f.get("label"), labels)) {
            return false;
        }
        for (String notLabel : f.get("label!")) {
            if (Filters.matchLabels(List.of(notLabel), labels)) {
                return false;
            }
        }
        return true;
    }
}
