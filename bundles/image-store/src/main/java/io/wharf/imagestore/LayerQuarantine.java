package io.wharf.imagestore;

import io.wharf.api.model.Digest;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layers whose {@code layer.json} could not be read at start, moved to {@code quarantine/} so that they are neither
 * used nor deleted, and the reason given to whatever needs one of them. Not thread-safe: {@link LayerStore}
 * guards it with its lock.
 */
final class LayerQuarantine {
    private static final Logger LOG = LoggerFactory.getLogger(LayerQuarantine.class);

    private final Path dir;
    /** Quarantined layers by chain ID, with where they were moved. */
    private final Map<Digest, Path> quarantined = new HashMap<>();

    LayerQuarantine(Path dir) {
        this.dir = dir;
    }

    /** Moves a layer folder whose metadata cannot be read out of the store. */
    void quarantine(Path layerDir, Exception why) throws IOException {
        Digest chainId;
        try {
            chainId = Digest.parse("sha256:" + layerDir.getFileName());
        } catch (RuntimeException notALayer) {
            chainId = null;
        }
        Path target = Files.createDirectories(dir).resolve(layerDir.getFileName() + "-" + System.nanoTime());
        AtomicFiles.move(layerDir, target);
        LOG.error("layer {} is quarantined: its metadata is unreadable ({}); moved to {}, images that use it fail "
                + "until it is pulled or loaded again", layerDir.getFileName(), why.toString(), target);
        if (chainId != null) {
            quarantined.put(chainId, target);
        }
    }

    /**
     * Layers quarantined by earlier starts stay so (their parents stay held) until stored again ({@code stored})
     * or cleared.
     */
    void loadEarlier(Predicate<Digest> stored) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                try {
                    Digest chainId = Digest.parse("sha256:" + name.substring(0, name.indexOf('-')));
                    if (!stored.test(chainId)) {
                        quarantined.put(chainId, d);
                    }
                } catch (RuntimeException notALayer) {
                    LOG.warn("unexpected entry in {}: {}", dir, name);
                }
            }
        }
        if (!quarantined.isEmpty()) {
            LOG.warn("{} layers are quarantined in {}", quarantined.size(), dir);
        }
    }

    /** Why the layer cannot be used, or null: it was quarantined at start. */
    String reason(Digest chainId) {
        Path where = chainId == null ? null : quarantined.get(chainId);
        return where == null ? null : "layer " + chainId + " is quarantined: its metadata was unreadable at "
                + "startup (moved to " + where + "); pull or load the image again";
    }

    boolean isEmpty() {
        return quarantined.isEmpty();
    }

    int size() {
        return quarantined.size();
    }
}
