package io.wharf.imagestore;

import io.wharf.api.image.Layer;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.model.Platform;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.archive.Decompression;
import io.wharf.support.Json;
import io.wharf.support.Times;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** docker import: one layer from a (possibly compressed) tar of a root filesystem, and a configuration over it. */
final class RootfsImporter {
    private static final Logger LOG = LoggerFactory.getLogger(RootfsImporter.class);

    private final ImageIndex index;
    private final LayerStore layers;
    private final ImageEvents events;

    RootfsImporter(ImageIndex index, LayerStore layers, ImageEvents events) {
        this.index = index;
        this.layers = layers;
        this.events = events;
    }

    Digest importRootfs(InputStream tar, ImageConfig template, ImageReference tag, ProgressListener progress)
            throws IOException {
        ImageReference ref = tag == null ? null : ImageTagger.checkTag(tag);
        ImageConfig t = template == null
                ? new ImageConfig(null, null, null, null, null, null, null, null, null, null) : template;
        Layer layer;
        try {
            layer = layers.register(null, Decompression.decompress(tar), null);
        } catch (IOException e) {
            throw InvalidInput.asClientError(e);
        }
        ImageIndex.Stored stored;
        try {
            stored = index.store(Json.WITHOUT_NULLS.writeValueAsBytes(configuration(t, layer)), null);
        } catch (IOException | RuntimeException e) {
            layers.removeIfUnused(layer.chainId());
            throw e;
        }
        Digest id = stored.id();
        if (ref != null) {
            index.setTag(ref, id);
            events.publish("tag", id, ref.familiarString());
        } else if (stored.created()) {
            // nothing refers to it yet; it stays as a dangling image like docker import without a name
            LOG.debug("imported untagged image {}", id);
        }
        events.publish("import", id, id.toString());
        (progress == null ? ProgressListener.NONE : progress).onProgress(ProgressMessage.status(id.toString()));
        return id;
    }

    /** The new image's configuration: the template's, or the host's platform where it names none. */
    private static ImportedImageConfig configuration(ImageConfig t, Layer layer) {
        Platform host = Platform.host();
        String now = Times.rfc3339Nano(Instant.now());
        String createdBy = "Imported from -";
        if (t.history() != null && !t.history().isEmpty() && t.history().get(0).createdBy() != null) {
            createdBy = t.history().get(0).createdBy();
        }
        String comment = t.comment() == null || t.comment().isEmpty() ? null : t.comment();
        return new ImportedImageConfig(t.architecture() != null ? t.architecture() : host.architecture(), comment,
                t.config() == null ? ContainerConfig.empty() : t.config(), now,
                List.of(new ImageConfig.History(now, createdBy, null, comment, null)),
                t.os() != null ? t.os() : host.os(), ImageConfig.RootFs.layers(List.of(layer.diffId())),
                t.architecture() != null ? t.variant() : host.variant());
    }
}
