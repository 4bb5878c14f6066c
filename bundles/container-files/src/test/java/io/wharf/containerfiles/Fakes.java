package io.wharf.containerfiles;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.Event;
import io.wharf.api.events.EventBus;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.image.Layer;
import io.wharf.api.image.LayerChain;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.model.ImageReference;
import io.wharf.api.progress.ProgressListener;
import io.wharf.api.storage.Change;
import io.wharf.support.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** In-memory stand-ins for the engine's services, over a temp-dir root filesystem. */
public final class Fakes {
    private Fakes() {
    }

    public static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static ContainerInfo container(String name, ContainerConfig config, ContainerInfo.Status status,
                                          Digest imageId, List<ContainerInfo.MountPoint> mounts) {
        return new ContainerInfo(ID, name, "busybox", imageId, Instant.parse("2024-01-01T00:00:00Z"), config,
                new ContainerInfo.State(status, status == ContainerInfo.Status.RUNNING ? 42 : 0, 0, null, null),
                mounts);
    }

    /** One container; records pause, unpause, mounts and releases. */
    public static final class Containers implements ContainerService {
        public ContainerInfo container;
        public final Path rootfs;
        public final List<String> calls = new ArrayList<>();
        public int mounted;

        public Containers(ContainerInfo container, Path rootfs) {
            this.container = container;
            this.rootfs = rootfs;
        }

        @Override
        public ContainerInfo get(String idOrName) {
            if (idOrName.equals(container.name()) || (!idOrName.isEmpty() && container.id().startsWith(idOrName))) {
                return container;
            }
            throw EngineException.notFound("No such container: %s", idOrName);
        }

        @Override
        public List<ContainerInfo> list() {
            return List.of(container);
        }

        @Override
        public void pause(String idOrName) {
            calls.add("pause");
        }

        @Override
        public void unpause(String idOrName) {
            calls.add("unpause");
        }

        @Override
        public Path mountRootfs(String idOrName) {
            calls.add("mount");
            mounted++;
            return rootfs;
        }

        @Override
        public void releaseRootfs(String idOrName) {
            calls.add("release");
            mounted--;
        }

        @Override
        public Frozen freezeForFileCopy(String idOrName) {
            calls.add("freeze");
            return () -> calls.add("thaw");
        }

        @Override
        public long sizeRw(String idOrName) {
            return 0;
        }
    }

    /** A layer store whose diff and changes are given by the test. */
    public static final class Layers implements ContainerLayerStore {
        public byte[] diff = new byte[1024];
        public List<Change> changes = List.of();

        @Override
        public void create(String containerId, Digest imageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path mount(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unmount(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String containerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream diff(String containerId) {
            return new ByteArrayInputStream(diff);
        }

        @Override
        public List<Change> changes(String containerId) {
            return changes;
        }

        @Override
        public long size(String containerId) {
            return 0;
        }

        @Override
        public String driverName() {
            return "fake";
        }
    }

    /** Images by ID; records layers, stored configs and references. */
    public static final class Images implements ImageService {
        public final Map<Digest, Image> images = new LinkedHashMap<>();
        public final List<byte[]> registeredLayers = new ArrayList<>();
        public final List<Digest> registeredOn = new ArrayList<>();
        public final Map<ImageReference, Digest> references = new HashMap<>();
        public byte[] storedConfig;
        public Digest storedParent;

        public Image add(byte[] rawConfig) throws IOException {
            ImageConfig config = Json.WITHOUT_NULLS.readValue(rawConfig, ImageConfig.class);
            Image image = new Image(Digest.sha256(rawConfig), rawConfig, config, List.of(), List.of(), null, 0, null);
            images.put(image.id(), image);
            return image;
        }

        @Override
        public Image inspect(String nameOrId) {
            for (Image i : images.values()) {
                if (i.id().toString().equals(nameOrId)) {
                    return i;
                }
            }
            throw EngineException.notFound("No such image: %s", nameOrId);
        }

        @Override
        public List<Image> list() {
            return List.copyOf(images.values());
        }

        @Override
        public Layer registerLayer(Digest parentChainId, InputStream tar, Digest expectedDiffId) throws IOException {
            byte[] bytes = tar.readAllBytes();
            registeredLayers.add(bytes);
            registeredOn.add(parentChainId);
            Digest diffId = Digest.sha256(bytes);
            return new Layer(diffId, LayerChain.chainId(parentChainId, diffId), parentChainId, bytes.length);
        }

        @Override
        public Digest storeImage(byte[] rawConfig, Digest parent) throws IOException {
            storedConfig = rawConfig;
            storedParent = parent;
            return add(rawConfig).id();
        }

        @Override
        public void addReference(ImageReference reference, Digest imageId) {
            references.put(reference, imageId);
        }

        @Override
        public void tag(String source, ImageReference target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DeleteResponse> remove(String nameOrId, boolean force, boolean noPrune) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HistoryItem> history(String nameOrId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void load(InputStream tarball, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(List<String> names, OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Digest importRootfs(InputStream tar, ImageConfig template, ImageReference tag,
                                   ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PruneReport prune(boolean all, List<String> labelFilters, String until) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int count() {
            return images.size();
        }

        @Override
        public boolean hasLayer(Digest chainId) {
            return true;
        }

        @Override
        public io.wharf.api.image.Layer registerCompressedLayer(Digest parent, java.nio.file.Path blob, Digest diffId) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        @Override
        public InputStream layerTar(Digest chainId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setImageUsage(ImageUsage usage) {
            throw new UnsupportedOperationException();
        }
    }

    /** Remembers what was published. */
    public static final class Events implements EventBus {
        public final List<Event> published = new ArrayList<>();

        @Override
        public void publish(Event event) {
            published.add(event);
        }

        @Override
        public List<Event> history(long sinceNano) {
            return List.copyOf(published);
        }

        @Override
        public AutoCloseable subscribe(Consumer<Event> subscriber) {
            return () -> { };
        }
    }
}
