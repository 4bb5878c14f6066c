package io.wharf.imagestore.rest;

import io.wharf.api.image.Image;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.support.Filters;
import io.wharf.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The filters of GET /images/json, parsed once per request, as moby's image list applies them: created before or
 * since another image, until a time, labels, reference patterns (which also trim the tags shown), and dangling.
 */
final class ImageListFilter {
    private static final Set<String> KEYS = Set.of("dangling", "label", "label!", "before", "since", "reference",
            "until");

    /** What the list shows of an image: its tags and digests that pass the reference filter. */
    record Shown(List<String> tags, List<String> digests) {
        boolean untagged() {
            return tags.isEmpty() && digests.isEmpty();
        }
    }

    private final boolean showAll;
    private final Boolean dangling;
    private final Instant before;
    private final Instant since;
    private final Instant until;
    private final List<String> labels;
    private final List<String> notLabels;
    private final boolean referenceGiven;
    private final List<String> referencePatterns;

    private ImageListFilter(boolean showAll, Filters filters, Function<String, Image> lookup) {
        this.showAll = showAll;
        this.dangling = filters.bool("dangling");
        Instant b = null;
        for (String name : filters.get("before")) {
            b = created(lookup.apply(name));
        }
        Instant s = null;
        for (String name : filters.get("since")) {
            s = created(lookup.apply(name));
        }
        Instant u = null;
        for (String time : filters.get("until")) {
            u = Times.parseTimestamp(time, Instant.now());
        }
        this.before = b;
        this.since = s;
        this.until = u;
        this.labels = filters.get("label");
        this.notLabels = filters.get("label!");
        this.referenceGiven = filters.contains("reference");
        this.referencePatterns = filters.get("reference");
    }

    /**
     * @param filtersJson the {@code filters} query parameter (may be null)
     * @param showAll     the {@code all} parameter: also untagged images that have children
     * @param lookup      finds the images {@code before} and {@code since} name (NOT_FOUND when absent)
     */
    static ImageListFilter parse(String filtersJson, boolean showAll, Function<String, Image> lookup) {
        Filters filters = Filters.parse(filtersJson);
        filters.validate(KEYS);
        return new ImageListFilter(showAll, filters, lookup);
    }

    /** What to show of the image, or null when it is filtered out. */
    Shown apply(Image img, boolean hasChildren) {
        if (!createdMatches(created(img)) || !Filters.matchLabels(labels, notLabels, labels(img))) {
            return null;
        }
        Shown shown = new Shown(matchingReferences(img.repoTags()), matchingReferences(img.repoDigests()));
        boolean danglingOnly = Boolean.TRUE.equals(dangling);
        if (shown.untagged()) {
            if (!showAll && hasChildren) {
                return null; // an intermediate image: only with all
            }
            if ((dangling != null && !danglingOnly) || referenceGiven) {
                return null;
            }
        } else if (danglingOnly && !shown.tags().isEmpty()) {
            return null;
        }
        return danglingOnly && hasChildren ? null : shown;
    }

    private boolean createdMatches(Instant created) {
        if (before != null && (created == null || !created.isBefore(before))) {
            return false;
        }
        if (since != null && (created == null || !created.isAfter(since))) {
            return false;
        }
        return until == null || created == null || !created.isAfter(until);
    }

    private List<String> matchingReferences(List<String> familiar) {
        List<String> result = new ArrayList<>();
        for (String r : familiar) {
            if (referencePatterns.isEmpty() || matchesReference(r)) {
                result.add(r);
            }
        }
        return result;
    }

    private boolean matchesReference(String familiar) {
        ImageReference ref = ImageReference.parse(familiar);
        for (String p : referencePatterns) {
            if (Filters.pathMatch(p, ref.familiarString()) || Filters.pathMatch(p, ref.familiarName())) {
                return true;
            }
        }
        return false;
    }

    static Instant created(Image img) {
        return Times.parseRfc3339KeepingZero(img.config().created());
    }

    static Map<String, String> labels(Image img) {
        ContainerConfig c = img.config().config();
        return c == null || c.labels() == null ? Map.of() : c.labels();
    }
}
