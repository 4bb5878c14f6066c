package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.Layer;
import io.wharf.api.image.LayerChain;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.support.Times;
import java.util.ArrayList;
import java.util.List;

/** Reading images: inspect, list and history, as the API's {@link Image} and {@link HistoryItem}. */
final class ImageQueries {
    private final ImageIndex index;
    private final LayerStore layers;

    ImageQueries(ImageIndex index, LayerStore layers) {
        this.index = index;
        this.layers = layers;
    }

    Image inspect(String nameOrId) {
        synchronized (index) {
            return toImage(index.rec(index.resolve(nameOrId)));
        }
    }

    List<Image> list() {
        synchronized (index) {
            List<Image> result = new ArrayList<>();
            for (ImageRecord r : index.all()) {
                result.add(toImage(r));
            }
            return result;
        }
    }

    private Image toImage(ImageRecord r) {
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (ImageReference ref : index.refsOf(r.id())) {
            if (ref.digest() != null) {
                digests.add(ref.familiarString());
            } else {
                tags.add(ref.familiarString());
            }
        }
        tags.sort(null);
        digests.sort(null);
        long size = 0;
        for (Digest c : LayerChain.chainIds(r.config().diffIds())) {
            Layer l = layers.get(c);
            if (l != null) {
                size += l.size();
            }
        }
        return new Image(r.id(), r.raw().clone(), r.config(), List.copyOf(tags), List.copyOf(digests), r.parent(),
                size, r.lastTagTime());
    }

    /** docker history: one row per history entry, newest first; rows of local ancestors carry their IDs and tags. */
    List<HistoryItem> history(String nameOrId) {
        synchronized (index) {
            ImageRecord img = index.rec(index.resolve(nameOrId));
            List<HistoryItem> rows = historyRows(img.config());
            ImageRecord current = img;
            for (int i = 0; i < rows.size() && current != null; i++) {
                HistoryItem row = rows.get(i);
                List<String> tags = new ArrayList<>();
                for (ImageReference r : index.refsOf(current.id())) {
                    if (r.digest() == null) {
                        tags.add(r.familiarString());
                    }
                }
                tags.sort(null);
                rows.set(i, new HistoryItem(current.id().toString(), row.created(), row.createdBy(),
                        tags.isEmpty() ? null : tags, row.size(), row.comment()));
                current = current.parent() == null ? null : index.get(current.parent());
            }
            return rows;
        }
    }

    private List<HistoryItem> historyRows(ImageConfig config) {
        List<Digest> diffIds = config.diffIds();
        List<HistoryItem> rows = new ArrayList<>();
        int layerCounter = 0;
        Digest chain = null;
        List<ImageConfig.History> history = config.history() == null ? List.of() : config.history();
        for (ImageConfig.History h : history) {
            long size = 0;
            if (!h.isEmptyLayer()) {
                if (diffIds.size() <= layerCounter) {
                    throw EngineException.system("too many non-empty layers in History section", null);
                }
                chain = LayerChain.chainId(chain, diffIds.get(layerCounter));
                Layer l = layers.get(chain);
                size = l == null ? 0 : l.size();
                layerCounter++;
            }
            rows.add(0, new HistoryItem("<missing>", Times.unixSeconds(h.created()), nz(h.createdBy()), null, size,
                    nz(h.comment())));
        }
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
