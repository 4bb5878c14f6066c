package io.wharf.imagestore;

import io.wharf.api.events.Event;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** The image store's parts wired by hand over a {@link DirDriver}, with helpers to make small images. */
final class ImageFixture {
    final LayerStore layers;
    final ImageIndex index;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final ImageEvents imageEvents;
    final AtomicReference<ImageUsage> usage = new AtomicReference<>();
    final ImageRemover remover;
    final ImagePruner pruner;

    ImageFixture(Path dir) throws IOException {
        layers = new LayerStore(dir.resolve("image/layerdb"), new DirDriver(dir.resolve("testfs")));
        index = new ImageIndex(dir.resolve("image"), layers);
        imageEvents = new ImageEvents(index, events::add);
        remover = new ImageRemover(index, imageEvents, usage);
        pruner = new ImagePruner(index, layers, remover);
    }

    /** Stores a layerless image; {@code name} makes its configuration (and so its ID) unique. */
    Digest image(String name, Digest parent, String created, Map<String, String> labels) throws IOException {
        String labelJson = labels.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"comment\":\"" + name + "\",\"created\":\""
                + created + "\",\"config\":{\"Labels\":" + labelJson + "},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        return index.store(config.getBytes(StandardCharsets.UTF_8), parent).id();
    }

    Digest image(String name, Digest parent) throws IOException {
        return image(name, parent, "2024-01-01T00:00:00Z", Map.of());
    }

    Digest tagged(String reference, Digest parent) throws IOException {
        Digest id = image(reference, parent);
        tag(reference, id);
        return id;
    }

    void tag(String reference, Digest id) throws IOException {
        index.setTag(ImageReference.parse(reference).withDefaultTag(), id);
    }

    /** Containers use images: {@code running} and {@code stopped} container IDs by image. */
    void usedBy(Digest image, List<String> running, List<String> stopped) {
        ImageUsage previous = usage.get();
        usage.set((id, runningOnly) -> {
            if (!id.equals(image)) {
                return previous == null ? List.of() : previous.containersUsing(id, runningOnly);
            }
            return runningOnly ? running
                    : java.util.stream.Stream.concat(running.stream(), stopped.stream()).toList();
        });
    }
}
