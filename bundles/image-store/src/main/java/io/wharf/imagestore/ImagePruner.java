package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import io.wharf.support.Filters;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker image prune: removes dangling images (or with {@code all}, every image no container uses) that match the
 * label and until filters, through {@link ImageRemover} so that the same conflicts apply; images that turn out to
 * be in use or already gone are skipped.
 */
final class ImagePruner {
    private final ImageIndex index;
    private final LayerStore layers;
    private final ImageRemover remover;

    ImagePruner(ImageIndex index, LayerStore layers, ImageRemover remover) {
        this.index = index;
        this.layers = layers;
        this.remover = remover;
    }

    PruneReport prune(boolean all, List<String> labelFilters, String until) {
        Instant untilTime = until == null || until.isEmpty() ? null
                : Times.parseTimestamp(until, Instant.now());
        Map<Digest, Long> sizes = layers.sizes();
        List<DeleteResponse> deleted = new ArrayList<>();
        for (Digest id : candidates(all, labelFilters, untilTime)) {
            List<ImageReference> imageRefs = index.refsOf(id);
            if (!index.exists(id)) {
                continue;
            }
            if (imageRefs.isEmpty()) {
                tryRemove(id.hex(), deleted);
            } else if (all || imageRefs.stream().allMatch(r -> r.digest() != null)) {
                for (ImageReference r : imageRefs) {
                    tryRemove(r.toString(), deleted);
                }
            }
        }
        long reclaimed = 0;
        for (DeleteResponse d : deleted) {
            if (d.deleted() != null) {
                reclaimed += sizes.getOrDefault(Digest.parse(d.deleted()), 0L);
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    private List<Digest> candidates(boolean all, List<String> labelFilters, Instant untilTime) {
        List<Digest> candidates = new ArrayList<>();
        synchronized (index) {
            for (ImageRecord r : index.all()) {
                if (!all && !index.children(r.id()).isEmpty()) {
                    continue;
                }
                if (untilTime != null) {
                    Instant created = Times.parseRfc3339KeepingZero(r.config().created());
                    if (created != null && created.isAfter(untilTime)) {
                        continue;
                    }
                }
                if (labelsMatch(labelFilters, r.labels())) {
                    candidates.add(r.id());
                }
            }
        }
        return candidates;
    }

    private void tryRemove(String name, List<DeleteResponse> into) {
        try {
            into.addAll(remover.remove(name, false, false));
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.CONFLICT && e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The service's label filters, {@code label!} ones written with a leading '!' (see ImageService.prune). */
    private static boolean labelsMatch(List<String> filters, Map<String, String> labels) {
        List<String> wanted = new ArrayList<>();
        List<String> unwanted = new ArrayList<>();
        for (String f : filters == null ? List.<String>of() : filters) {
            if (f.startsWith("!")) {
                unwanted.add(f.substring(1));
            } else {
                wanted.add(f);
            }
        }
        return Filters.matchLabels(wanted, unwanted, labels);
    }
}
