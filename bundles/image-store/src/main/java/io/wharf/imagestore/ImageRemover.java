package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.image.Layer;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * docker rmi, as moby's {@code ImageDelete}: a reference given by name is untagged, and the image deleted when that
 * was its last reference; an ID deletes the image (untagging it everywhere if it has one repository); unless told
 * not to, parents left without references or children go too. Events go out after the index's lock is released.
 */
final class ImageRemover {
    private final ImageIndex index;
    private final ImageEvents events;
    private final AtomicReference<ImageUsage> usage;

    ImageRemover(ImageIndex index, ImageEvents events, AtomicReference<ImageUsage> usage) {
        this.index = index;
        this.events = events;
        this.usage = usage;
    }

    /** One removal: what it answers and the events to publish once the lock is released. */
    private static final class Run {
        final List<DeleteResponse> records = new ArrayList<>();
        final List<Runnable> pendingEvents = new ArrayList<>();
        final DeleteConflicts conflicts;

        Run(DeleteConflicts conflicts) {
            this.conflicts = conflicts;
        }

        void event(ImageEvents events, String action, ImageRecord rec) {
            Map<String, String> attrs = ImageEvents.attributes(rec, rec.id().toString());
            pendingEvents.add(() -> events.publish(action, rec.id(), attrs));
        }

        void untagged(ImageEvents events, ImageReference ref, ImageRecord rec) {
            records.add(DeleteResponse.untagged(ref.familiarString()));
            event(events, "untag", rec);
        }
    }

    List<DeleteResponse> remove(String nameOrId, boolean force, boolean noPrune) {
        Digest id;
        List<Digest> lineage = new ArrayList<>();
        synchronized (index) {
            id = index.resolve(nameOrId);
            for (ImageRecord r = index.get(id); r != null; r = r.parent() == null ? null : index.get(r.parent())) {
                if (lineage.contains(r.id())) {
                    break;
                }
                lineage.add(r.id());
            }
        }
        Run run = new Run(DeleteConflicts.of(index, usage.get(), lineage));
        try {
            synchronized (index) {
                if (!index.exists(id)) {
                    throw ImageIndex.noSuchImage(nameOrId);
                }
                removeLocked(nameOrId, id, force, !noPrune, run);
            }
        } catch (IOException e) {
            throw EngineException.system("failed to remove image: " + e.getMessage(), e);
        } finally {
            run.pendingEvents.forEach(Runnable::run);
        }
        return run.records;
    }

    private void removeLocked(String name, Digest id, boolean force, boolean prune, Run run) throws IOException {
        List<ImageReference> repoRefs = index.refsOf(id);
        boolean removedRepositoryRef = false;
        ImageRecord rec = index.get(id);
        if (!isImageIdPrefix(id, name)) {
            if (!untagByName(name, id, rec, force, repoRefs, run)) {
                return;
            }
            removedRepositoryRef = true;
        } else if (isSingleReference(repoRefs)) {
            int mask = DeleteConflicts.HARD;
            if (!force) {
                mask |= DeleteConflicts.SOFT & ~DeleteConflicts.REFERENCE;
            }
            DeleteConflicts.Conflict c = run.conflicts.check(id, mask);
            if (c != null) {
                throw c.exception();
            }
            for (ImageReference r : repoRefs) {
                index.removeReference(r);
                run.untagged(events, r, rec);
            }
            index.writeReferences();
        }
        deleteHelper(id, force, prune, removedRepositoryRef, run);
    }

    /**
     * Untags the reference the image was named by (and, with its last tag in a repository, that repository's
     * digest references). Returns true when the image has no references left, so that deleting it is next.
     */
    private boolean untagByName(String name, Digest id, ImageRecord rec, boolean force,
                                List<ImageReference> repoRefs, Run run) throws IOException {
        DeleteConflicts.Usage u = run.conflicts.usage(id);
        if (!force && isSingleReference(repoRefs) && !u.all().isEmpty()) {
            throw EngineException.conflict("conflict: unable to remove repository reference \"%s\" (must force)"
                    + " - container %s is using its referenced image %s", name, u.all().get(0), id.shortHex());
        }
        ImageReference parsed = ImageReference.parse(name).withDefaultTag();
        ImageReference stored = index.hasReference(parsed) ? parsed : null;
        if (stored == null) {
            // found via deprecated repo@image-id: nothing to untag by that name
            for (ImageReference r : repoRefs) {
                if (r.name().equals(parsed.name())) {
                    stored = r;
                    break;
                }
            }
        }
        if (stored != null) {
            index.removeReference(stored);
            index.writeReferences();
            run.untagged(events, stored, rec);
        }
        List<ImageReference> remaining = index.refsOf(id);
        if (stored != null && stored.digest() == null) {
            remaining = untagDigestsIfLastTag(stored, remaining, run);
        }
        return remaining.isEmpty();
    }

    /** Removing the last tag of a repository also removes the repository's digest references (no events). */
    private List<ImageReference> untagDigestsIfLastTag(ImageReference removedTag, List<ImageReference> repoRefs,
                                                       Run run) throws IOException {
        boolean foundRepoTag = repoRefs.stream()
                .anyMatch(r -> r.digest() == null && r.name().equals(removedTag.name()));
        if (foundRepoTag) {
            return repoRefs;
        }
        List<ImageReference> remaining = new ArrayList<>();
        for (ImageReference r : repoRefs) {
            if (r.digest() != null && r.name().equals(removedTag.name())) {
                index.removeReference(r);
                run.records.add(DeleteResponse.untagged(r.familiarString()));
            } else {
                remaining.add(r);
            }
        }
        index.writeReferences();
        return remaining;
    }

    private void deleteHelper(Digest id, boolean force, boolean prune, boolean quiet, Run run) throws IOException {
        int mask = DeleteConflicts.HARD;
        if (!force) {
            mask |= DeleteConflicts.SOFT;
        }
        DeleteConflicts.Conflict c = run.conflicts.check(id, mask);
        if (c != null) {
            boolean dangling = index.refsOf(id).isEmpty() && index.children(id).isEmpty();
            if (quiet && (!dangling || c.used())) {
                return;
            }
            throw c.exception();
        }
        ImageRecord rec = index.get(id);
        Digest parent = rec.parent();
        List<ImageReference> all = index.refsOf(id);
        for (ImageReference r : all) {
            index.removeReference(r);
            run.untagged(events, r, rec);
        }
        if (!all.isEmpty()) {
            index.writeReferences();
        }
        List<Layer> removedLayers = index.delete(rec);
        run.event(events, "delete", rec);
        run.records.add(DeleteResponse.deleted(id.toString()));
        for (Layer l : removedLayers) {
            run.records.add(DeleteResponse.deleted(l.chainId().toString()));
        }
        if (!prune || parent == null || !index.exists(parent)) {
            return;
        }
        deleteHelper(parent, false, true, true, run);
    }

    /** moby's isSingleReference: one tag, possibly with digest references in that same repository. */
    static boolean isSingleReference(List<ImageReference> repoRefs) {
        if (repoRefs.size() <= 1) {
            return repoRefs.size() == 1;
        }
        ImageReference single = null;
        Set<String> canonical = new HashSet<>();
        for (ImageReference r : repoRefs) {
            if (r.digest() != null) {
                canonical.add(r.name());
            } else if (single == null) {
                single = r;
            } else {
                return false;
            }
        }
        if (single == null) {
            single = repoRefs.get(0);
        }
        return canonical.size() == 1 && canonical.contains(single.name());
    }

    static boolean isImageIdPrefix(Digest id, String name) {
        return id.toString().startsWith(name) || id.hex().startsWith(name);
    }
}
