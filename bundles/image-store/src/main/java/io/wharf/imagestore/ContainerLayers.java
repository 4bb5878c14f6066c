package io.wharf.imagestore;

import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.model.Digest;
import io.wharf.api.storage.Change;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Containers' read-write layers, on top of their image's top layer, in the image store's driver. */
public final class ContainerLayers implements ContainerLayerStore {
    private final ImageStore images;
    private final LayerStore layers;
    /** Mounts made through this store, by container: a container engine that takes one over adds no user. */
    private final java.util.Map<String, Integer> mounted = new java.util.HashMap<>();

    public ContainerLayers(ImageStore images) {
        this.images = images;
        this.layers = images.layers();
    }

    @Override
    public void create(String containerId, Digest imageId) throws IOException {
        Digest top = imageId == null ? null : images.topLayer(imageId);
        layers.createReadWrite(containerId, top, imageId);
    }

    @Override
    public synchronized Path mount(String containerId) throws IOException {
        layers.requireReadWrite(containerId);
        Path rootfs = layers.driver().mount(containerId, null);
        mounted.merge(containerId, 1, Integer::sum);
        return rootfs;
    }

    @Override
    public synchronized Path adoptMount(String containerId) throws IOException {
        if (!mounted.containsKey(containerId)) {
            return mount(containerId); // a new store (driver swapped, daemon restarted): the driver adopts it
        }
        // held already: ask the driver for the path and give the extra count back, never reaching zero
        Path rootfs = layers.driver().mount(containerId, null);
        layers.driver().unmount(containerId);
        return rootfs;
    }

    @Override
    public synchronized void unmount(String containerId) throws IOException {
        layers.requireReadWrite(containerId);
        layers.driver().unmount(containerId);
        mounted.computeIfPresent(containerId, (id, n) -> n > 1 ? n - 1 : null);
    }

    @Override
    public void remove(String containerId) throws IOException {
        layers.removeReadWrite(containerId);
    }

    @Override
    public InputStream diff(String containerId) throws IOException {
        layers.requireReadWrite(containerId);
        return layers.driver().diff(containerId);
    }

    @Override
    public List<Change> changes(String containerId) throws IOException {
        layers.requireReadWrite(containerId);
        return layers.driver().changes(containerId);
    }

    @Override
    public long size(String containerId) throws IOException {
        layers.requireReadWrite(containerId);
        return layers.driver().size(containerId);
    }

    @Override
    public String driverName() {
        return layers.driver().name();
    }

    /** The driver's status for docker info (implements ContainerLayerStore.driverStatus once the api has it). */
    public List<java.util.Map.Entry<String, String>> driverStatus() {
        return layers.driver().status();
    }
}
