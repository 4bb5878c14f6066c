package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.model.Digest;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What stands in the way of deleting an image, as moby's {@code checkImageDeleteConflict} sees it: hard conflicts
 * (child images, running containers) that force cannot override, soft ones (other references, stopped
 * containers) that it can. Container usage is asked once, before the index is locked, since the asking
 * goes to the containers bundle.
 */
final class DeleteConflicts {
    static final int CHILD = 1;
    static final int RUNNING = 2;
    static final int REFERENCE = 4;
    static final int STOPPED = 8;
    static final int HARD = CHILD | RUNNING;
    static final int SOFT = REFERENCE | STOPPED;

    /** Containers using an image: the running ones and all. */
    record Usage(List<String> running, List<String> all) {
        static final Usage NONE = new Usage(List.of(), List.of());
    }

    record Conflict(Digest id, boolean hard, boolean used, String message) {
        EngineException exception() {
            return EngineException.conflict("conflict: unable to delete %s (%s) - %s", id.shortHex(),
                    hard ? "cannot be forced" : "must be forced", message);
        }
    }

    private final ImageIndex index;
    private final Map<Digest, Usage> usages;

    private DeleteConflicts(ImageIndex index, Map<Digest, Usage> usages) {
        this.index = index;
        this.usages = usages;
    }

    /** Takes the container usage of the given images now (null usage callback: no container uses any). */
    static DeleteConflicts of(ImageIndex index, ImageUsage usage, Collection<Digest> ids) {
        Map<Digest, Usage> result = new HashMap<>();
        for (Digest id : ids) {
            if (usage == null) {
                result.put(id, Usage.NONE);
            } else {
                List<String> running = usage.containersUsing(id, true);
                List<String> all = usage.containersUsing(id, false);
                result.put(id, new Usage(running == null ? List.of() : running, all == null ? List.of() : all));
            }
        }
        return new DeleteConflicts(index, result);
    }

    Usage usage(Digest id) {
        return usages.getOrDefault(id, Usage.NONE);
    }

    /** The first conflict among those in {@code mask}, or null. Call under the index's lock. */
    Conflict check(Digest id, int mask) {
        Usage u = usage(id);
        if ((mask & CHILD) != 0 && !index.children(id).isEmpty()) {
            return new Conflict(id, true, false, "image has dependent child images");
        }
        if ((mask & RUNNING) != 0 && !u.running().isEmpty()) {
            return new Conflict(id, true, true, "image is being used by running container " + u.running().get(0));
        }
        if ((mask & REFERENCE) != 0 && !index.refsOf(id).isEmpty()) {
            return new Conflict(id, false, false, "image is referenced in multiple repositories");
        }
        if ((mask & STOPPED) != 0) {
            for (String c : u.all()) {
                if (!u.running().contains(c)) {
                    return new Conflict(id, false, true, "image is being used by stopped container " + c);
                }
            }
        }
        return null;
    }
}
