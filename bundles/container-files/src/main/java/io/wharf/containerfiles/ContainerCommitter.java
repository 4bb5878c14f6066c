package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.Layer;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** docker commit: the container's read-write layer becomes a new image on top of the container's image. */
public final class ContainerCommitter {
    private static final int TAR_BLOCK = 512;

    private final ContainerService containers;
    private final ContainerLayerStore layers;
    private final ImageService images;
    private final Supplier<EventBus> events;
    private final String dockerVersion;
    private final Clock clock;

    public ContainerCommitter(ContainerService containers, ContainerLayerStore layers, ImageService images,
                              Supplier<EventBus> events, String dockerVersion, Clock clock) {
        this.containers = containers;
        this.layers = layers;
        this.images = images;
        this.events = events;
        this.dockerVersion = dockerVersion;
        this.clock = clock;
    }

    /**
     * What the client asked for.
     *
     * @param config  the configuration sent in the body, or null to start from the container's
     * @param tag     where to point, or null for an untagged image
     */
    public record Request(String container, ImageReference tag, String author, String comment, boolean pause,
                          ContainerConfig config, List<String> changes) {
    }

    /** Commits and returns the new image's ID. */
    public Digest commit(Request request) throws IOException {
        if (request.container() == null || request.container().isEmpty()) {
            throw EngineException.notFound("No such container: %s", "");
        }
        ContainerInfo container = containers.get(request.container());
        ContainerInfo.Status status = container.state().status();
        if (status == ContainerInfo.Status.DEAD) {
            throw EngineException.conflict("You cannot commit container %s which is Dead", container.id());
        }
        if (status == ContainerInfo.Status.REMOVING) {
            throw EngineException.conflict("You cannot commit container %s which is being removed", container.id());
        }
        // bad --change instructions are the client's mistake: find them before touching the container
        ContainerConfig config = CommitConfigs.build(request.config(), request.changes(), container.config());
        Image parent = container.imageId() == null ? null : images.inspect(container.imageId().toString());

        boolean paused = request.pause() && status == ContainerInfo.Status.RUNNING && pause(container);
        Digest imageId;
        try {
            Digest diffId = registerDiff(container, parent);
            byte[] raw = ChildImageConfig.build(parent, new ChildImageConfig.Commit(container.id(), container.image(),
                    container.config(), config, request.author(), request.comment(), diffId, dockerVersion,
                    clock.instant()));
            imageId = images.storeImage(raw, parent == null ? null : parent.id());
        } finally {
            if (paused) {
                containers.unpause(container.id());
            }
        }
        String imageRef = "";
        if (request.tag() != null) {
            images.addReference(request.tag(), imageId);
            imageRef = request.tag().familiarString();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("comment", request.comment() == null ? "" : request.comment());
        attributes.put("imageID", imageId.toString());
        attributes.put("imageRef", imageRef);
        ContainerEvents.publish(events.get(), container, "commit", attributes);
        return imageId;
    }

    /** Docker ignores a pause that fails (the container stopped meanwhile): the commit goes on unpaused. */
    private boolean pause(ContainerInfo container) {
        try {
            containers.pause(container.id());
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    /**
     * Stores the container's changes as a layer and returns its diff ID, or null when there are none: like
     * Docker, an unchanged container adds only an empty history entry, no layer.
     */
    private Digest registerDiff(ContainerInfo container, Image parent) throws IOException {
        try (InputStream diff = layers.diff(container.id())) {
            byte[] head = diff.readNBytes(TAR_BLOCK);
            if (isEndOfArchive(head)) {
                diff.transferTo(java.io.OutputStream.nullOutputStream()); // let the producer finish cleanly
                return null;
            }
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), diff);
            Layer layer = images.registerLayer(parent == null ? null : parent.topChainId(), whole, null);
            return layer.diffId();
        }
    }

    /** A tar whose first block is zeros has no entries: it starts with its end-of-archive marker. */
    static boolean isEndOfArchive(byte[] firstBlock) {
        for (byte b : firstBlock) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
