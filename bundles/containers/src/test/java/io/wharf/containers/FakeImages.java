package io.wharf.containers;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.ImageUsage;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.storage.Change;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An image store with hand-made images, and container layers as plain folders. */
public final class FakeImages {
    public final Map<String, Image> byName = new ConcurrentHashMap<>();
    public volatile ImageUsage usage;
    public final Path layersRoot;
    public final Map<String, Integer> mounts = new ConcurrentHashMap<>();

    public FakeImages(Path layersRoot) {
        this.layersRoot = layersRoot;
    }

    public Image add(String name, ContainerConfig config) {
        ImageConfig ic = new ImageConfig("amd64", "linux", null, "2024-01-01T00:00:00Z", null, null, null, config,
                new ImageConfig.RootFs("layers", List.of()), List.of());
        Image img = new Image(Digest.sha256(name.getBytes()), name.getBytes(), ic, List.of(name + ":latest"),
                List.of(), null, 1000, null);
        byName.put(name, img);
        return img;
    }

    public ImageService service() {
        return (ImageService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ImageService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inspect" -> {
                        Image i = byName.get((String) args[0]);
                        if (i == null) {
                            i = byName.values().stream().filter(x -> x.id().toString().equals(args[0])).findFirst()
                                    .orElseThrow(() -> EngineException.notFound("No such image: %s", args[0]));
                        }
                        yield i;
                    }
                    case "list" -> List.copyOf(byName.values());
                    case "setImageUsage" -> {
                        usage = (ImageUsage) args[0];
                        yield null;
                    }
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeImages";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    public ContainerLayerStore layers() {
        return new ContainerLayerStore() {
            @Override
            public void create(String containerId, Digest imageId) throws IOException {
                Path root = layersRoot.resolve(containerId);
                Files.createDirectories(root.resolve("etc"));
                Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                        + "nobody:x:65534:65534:nobody:/home:/bin/false\napp:x:1000:1000::/home/app:/bin/sh\n");
                Files.writeString(root.resolve("etc/group"), "root:x:0:\nwheel:x:10:app\nnogroup:x:65534:\n"
                        + "app:x:1000:\n");
            }

            @Override
            public Path mount(String containerId) throws IOException {
                Path root = layersRoot.resolve(containerId);
                if (!Files.isDirectory(root)) {
                    throw new IOException("no layer " + containerId);
                }
                mounts.merge(containerId, 1, Integer::sum);
                return root;
            }

            @Override
            public void unmount(String containerId) {
                mounts.merge(containerId, 0, (count, zero) -> Math.max(0, count - 1)); // as drivers: never below 0
            }

            @Override
            public void remove(String containerId) throws IOException {
                io.wharf.archive.DirectoryTrees.delete(layersRoot.resolve(containerId));
            }

            @Override
            public InputStream diff(String containerId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Change> changes(String containerId) {
                return List.of();
            }

            @Override
            public long size(String containerId) {
                return 42;
            }

            @Override
            public String driverName() {
                return "vfs";
            }
        };
    }
}
