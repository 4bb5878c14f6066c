package io.wharf.imagestore.rest;

import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.Layer;
import io.wharf.api.model.Digest;
import io.wharf.support.QueryValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** GET /images/json: the images that pass the filter, as summaries, newest first. */
final class ImageLister {
    private final ImageService images;

    ImageLister(ImageService images) {
        this.images = images;
    }

    /** The list's query parameters. */
    record Query(boolean all, String filtersJson, boolean sharedSize, String apiVersion) {
    }

    List<ImageSummary> list(Query query) {
        ImageListFilter filter = ImageListFilter.parse(query.filtersJson(), query.all(), images::inspect);
        List<Image> all = images.list();
        Map<Digest, Integer> childCount = new HashMap<>();
        for (Image i : all) {
            if (i.parent() != null) {
                childCount.merge(i.parent(), 1, Integer::sum);
            }
        }
        Map<Digest, Integer> layerUse = new HashMap<>();
        if (query.sharedSize()) {
            for (Image i : all) {
                i.chainIds().forEach(c -> layerUse.merge(c, 1, Integer::sum));
            }
        }
        boolean useNone = QueryValues.apiVersionBefore(query.apiVersion(), "1.43");
        boolean withVirtualSize = QueryValues.apiVersionBefore(query.apiVersion(), "1.44");
        List<ImageSummary> result = new ArrayList<>();
        for (Image img : all) {
            ImageListFilter.Shown shown = filter.apply(img, childCount.containsKey(img.id()));
            if (shown == null) {
                continue;
            }
            List<String> tags = new ArrayList<>(shown.tags());
            List<String> repoDigests = new ArrayList<>(shown.digests());
            if (useNone && shown.untagged()) {
                tags.add("<none>:<none>");
                repoDigests.add("<none>@<none>");
            }
            long shared = query.sharedSize() ? sharedSize(img, layerUse) : -1;
            Instant created = ImageListFilter.created(img);
            result.add(new ImageSummary(img.id().toString(), img.parent() == null ? "" : img.parent().toString(),
                    tags, repoDigests, created == null ? 0 : created.getEpochSecond(), img.size(), shared,
                    withVirtualSize ? img.size() : null, ImageListFilter.labels(img), -1));
        }
        result.sort(Comparator.comparingLong(ImageSummary::created).reversed().thenComparing(ImageSummary::id));
        return result;
    }

    /** Bytes of the image's layers that other listed images use too. */
    private long sharedSize(Image img, Map<Digest, Integer> layerUse) {
        long shared = 0;
        for (Digest c : img.chainIds()) {
            if (layerUse.getOrDefault(c, 0) > 1) {
                shared += images.layer(c).map(Layer::size).orElse(0L);
            }
        }
        return shared;
    }
}
