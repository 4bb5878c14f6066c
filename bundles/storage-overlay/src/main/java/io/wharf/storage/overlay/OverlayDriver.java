package io.wharf.storage.overlay;

import io.wharf.api.storage.Change;
import io.wharf.api.storage.StorageDriver;
import io.wharf.archive.DirectoryTrees;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.LayerChanges;
import io.wharf.archive.LayerDiffer;
import io.wharf.archive.LayerIds;
import io.wharf.archive.WhiteoutMode;
import io.wharf.linux.FilesystemMagic;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.MountTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay2 driver, with Docker's layout under home: {@code <id>/diff} holds the layer's own files (overlay
 * whiteouts included), {@code <id>/link} a short name, {@code <id>/lower} the parents as {@code l/NAME:l/NAME...}
 * (nearest first), {@code <id>/work} and {@code <id>/merged} serve read-write layers; {@code l/NAME} links to
 * {@code ../<id>/diff} so that mount options stay short. Layers are built in {@code tmp/} and renamed into place.
 *
 * <p>Mounts outlive a daemon killed without cleanup. What is mounted is read back from the mount table: a layer
 * whose {@code merged} is still mounted is taken over rather than mounted again on top, releasing a layer that
 * only a previous daemon mounted unmounts it, and nothing is ever deleted through a mount.
 */
final class OverlayDriver implements StorageDriver {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayDriver.class);
    /** The kernel copies mount data into one page; 4096 bytes is the smallest page Linux uses. */
    private static final int MAX_MOUNT_DATA = 4095;
    private static final int LINK_LENGTH = 26;
    private static final String LINK_DIR = "l";
    /** Names the driver uses for itself next to the layer directories. */
    private static final Set<String> RESERVED = Set.of(LINK_DIR, "tmp");

    private final Path home;
    private final Path links;
    private final Path staging;
    private final LinuxFs fs;
    private final MountTable mountTable;
    private final Unmounter unmounter;
    private final String extraMountOptions;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Mount> mounts = new HashMap<>();

    /** A mounted layer: how often it was mounted and whether an overlay was mounted for it at all. */
    private static final class Mount {
        final Path path;
        final boolean overlay;
        int count = 1;

        Mount(Path path, boolean overlay) {
            this.path = path;
            this.overlay = overlay;
        }
    }

    OverlayDriver(Path home, LinuxFs fs) throws IOException {
        this(home, fs, new MountTable());
    }

    OverlayDriver(Path home, LinuxFs fs, MountTable mountTable) throws IOException {
        this.home = home.toAbsolutePath();
        this.fs = fs;
        this.mountTable = mountTable;
        this.unmounter = new Unmounter(fs, mountTable);
        this.links = Files.createDirectories(this.home.resolve(LINK_DIR));
        this.staging = this.home.resolve("tmp");
        unmounter.unmountAllBelow(staging); // a removal cut short by a crash may have left a mount in there
        DirectoryTrees.delete(staging); // leftovers of builds or removals cut short by a crash
        Files.createDirectories(staging);
        this.extraMountOptions = extraMountOptions();
    }

    /**
     * Without an inode index a lower layer can be shared by many mounts; without redirects every rename lands
     * in the upper directory, so diffs of the upper directory are complete. Only kernels that know the option
     * get it.
     */
    private static String extraMountOptions() {
        StringBuilder options = new StringBuilder();
        if (Files.exists(Path.of("/sys/module/overlay/parameters/index"))) {
            options.append(",index=off");
        }
        if (Files.exists(Path.of("/sys/module/overlay/parameters/redirect_dir"))) {
            options.append(",redirect_dir=off");
        }
        return options.toString();
    }

    @Override
    public String name() {
        return "overlay2";
    }

    @Override
    public List<Map.Entry<String, String>> status() {
        String backing;
        try {
            backing = FilesystemMagic.name(fs.filesystemType(home));
        } catch (IOException e) {
            backing = "unknown";
        }
        return List.of(Map.entry("Backing Filesystem", backing), Map.entry("Supports d_type", "true"),
                Map.entry("Native Overlay Diff", "true"), Map.entry("userxattr", "false"));
    }

    @Override
    public boolean exists(String id) {
        return Files.isDirectory(layerDir(id).resolve("diff"));
    }

    @Override
    public long applyDiff(String id, String parentId, InputStream tar) throws IOException {
        return create(id, parentId, tar, false);
    }

    @Override
    public void createReadWrite(String id, String parentId) throws IOException {
        create(id, parentId, null, true);
    }

    private long create(String id, String parentId, InputStream tar, boolean readWrite) throws IOException {
        if (exists(id)) {
            throw new IOException("layer " + id + " already exists");
        }
        String lower = parentId == null ? null : lowerChainFor(parentId);
        Path work = Files.createTempDirectory(staging, id + "-");
        try {
            Path layer = Files.createDirectory(work.resolve("layer"));
            Path diff = Files.createDirectory(layer.resolve("diff"));
            String link = newLinkName();
            Files.writeString(layer.resolve("link"), link, StandardCharsets.UTF_8);
            if (lower != null) {
                Files.writeString(layer.resolve("lower"), lower, StandardCharsets.UTF_8);
            }
            if (readWrite) {
                Files.createDirectory(layer.resolve("work"));
                Files.createDirectory(layer.resolve("merged"));
            }
            long size = 0;
            if (tar != null) {
                try {
                    size = new LayerApplier(WhiteoutMode.OVERLAY, fs).apply(tar, diff);
                } catch (IOException e) {
                    throw new IOException("cannot apply layer " + id + ": " + e.getMessage(), e);
                }
            }
            Files.move(layer, layerDir(id), StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.createSymbolicLink(links.resolve(link), Path.of("..", id, "diff"));
            } catch (IOException e) {
                DirectoryTrees.delete(layerDir(id));
                throw e;
            }
            return size;
        } finally {
            DirectoryTrees.delete(work);
        }
    }

    /** The {@code lower} file of a child of {@code parentId}: the parent's link, then the parent's own lowers. */
    private String lowerChainFor(String parentId) throws IOException {
        Path parent = existingLayerDir(parentId);
        String chain = LINK_DIR + "/" + Files.readString(parent.resolve("link"), StandardCharsets.UTF_8).trim();
        Path parentLower = parent.resolve("lower");
        if (Files.exists(parentLower)) {
            chain += ":" + Files.readString(parentLower, StandardCharsets.UTF_8).trim();
        }
        return chain;
    }

    private String newLinkName() {
        while (true) {
            StringBuilder name = new StringBuilder(LINK_LENGTH);
            for (int i = 0; i < LINK_LENGTH; i++) {
                name.append((char) ('A' + random.nextInt(26)));
            }
            if (!Files.exists(links.resolve(name.toString()))) {
                return name.toString();
            }
        }
    }

    @Override
    public synchronized Path mount(String id, String mountLabel) throws IOException {
        Mount mount = mounts.get(LayerIds.check(id, RESERVED));
        if (mount != null) {
            mount.count++;
            return mount.path;
        }
        Path layer = existingLayerDir(id);
        List<Path> lowers = lowerDirs(layer);
        boolean readWrite = Files.isDirectory(layer.resolve("work"));
        if (lowers.isEmpty()) {
            // a base layer is complete in itself: no overlay needed
            mounts.put(id, new Mount(layer.resolve("diff"), false));
            return layer.resolve("diff");
        }
        StringBuilder options = new StringBuilder("lowerdir=");
        if (!readWrite) {
            options.append(linkPath(layer)).append(':'); // read-only: the layer's own files are the top lower
        }
        options.append(String.join(":", lowers.stream().map(Path::toString).toList()));
        if (readWrite) {
            options.append(",upperdir=").append(layer.resolve("diff")).append(",workdir=").append(layer.resolve("work"));
        }
        options.append(extraMountOptions);
        if (mountLabel != null && !mountLabel.isEmpty()) {
            options.append(",context=\"").append(mountLabel).append('"');
        }
        if (options.length() > MAX_MOUNT_DATA) {
            throw new IOException("cannot mount layer " + id + ": its " + (lowers.size() + 1)
                    + " layers need " + options.length() + " bytes of mount options, more than the kernel's "
                    + MAX_MOUNT_DATA);
        }
        Path merged = Files.createDirectories(layer.resolve("merged"));
        if (adoptLeftoverMount(id, merged)) {
            mounts.put(id, new Mount(merged, true));
            return merged;
        }
        fs.mount("overlay", merged, "overlay", readWrite ? 0 : LinuxFs.MS_RDONLY, options.toString());
        mounts.put(id, new Mount(merged, true));
        return merged;
    }

    /**
     * Takes over the mount a previous daemon left on {@code merged} (its container may still run on it), so that
     * a crash and restart do not stack a second overlay on the first. Extra stacked mounts go.
     */
    private boolean adoptLeftoverMount(String id, Path merged) throws IOException {
        int stacked = mountTable.mountCount(merged);
        if (stacked == 0) {
            return false;
        }
        LOG.info("layer {} is still mounted by a previous daemon: using that mount", id);
        for (int i = 1; i < stacked; i++) {
            fs.unmount(merged, LinuxFs.MNT_DETACH); // the topmost: processes keep the one they run on
        }
        return true;
    }

    /**
     * Releases one mount; the last one unmounts. Releasing a layer this driver did not mount unmounts what a
     * previous daemon left there (nothing, usually).
     */
    @Override
    public synchronized void unmount(String id) throws IOException {
        Mount mount = mounts.get(LayerIds.check(id, RESERVED));
        if (mount == null) {
            Path layer = layerDir(id);
            if (Files.isDirectory(layer.resolve("merged"))) {
                unmounter.unmountAll(layer.resolve("merged"));
            }
            return;
        }
        if (mount.count > 1) {
            mount.count--;
            return;
        }
        if (mount.overlay) {
            fs.unmount(mount.path, LinuxFs.MNT_DETACH);
        }
        mounts.remove(id);
    }

    @Override
    public InputStream diff(String id) throws IOException {
        return new LayerDiffer(fs).overlayUpper(existingLayerDir(id).resolve("diff"));
    }

    @Override
    public List<Change> changes(String id) throws IOException {
        Path layer = existingLayerDir(id);
        return LayerChanges.ofOverlayUpper(fs, layer.resolve("diff"), lowerDirs(layer));
    }

    @Override
    public long size(String id) throws IOException {
        return DirectoryTrees.diskUsage(existingLayerDir(id).resolve("diff"));
    }

    @Override
    public synchronized void remove(String id) throws IOException {
        if (mounts.containsKey(LayerIds.check(id, RESERVED))) {
            throw new IOException("layer " + id + " is in use: it is still mounted");
        }
        Path layer = layerDir(id);
        if (!Files.isDirectory(layer)) {
            return;
        }
        // mounts left behind by a crash must go first: deleting through one would delete the lower layers' files
        unmounter.unmountAllBelow(layer);
        Path link = layer.resolve("link");
        if (Files.exists(link)) {
            Files.deleteIfExists(links.resolve(Files.readString(link, StandardCharsets.UTF_8).trim()));
        }
        Path doomed = staging.resolve(id + "-removing-" + System.nanoTime());
        Files.move(layer, doomed, StandardCopyOption.ATOMIC_MOVE);
        DirectoryTrees.delete(doomed);
    }

    /** Unmounts whatever this driver still has mounted. */
    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (Mount mount : mounts.values()) {
            if (mount.overlay) {
                try {
                    fs.unmount(mount.path, LinuxFs.MNT_DETACH);
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        mounts.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** The parents' diff directories through their short links, nearest first. */
    private List<Path> lowerDirs(Path layer) throws IOException {
        Path lowerFile = layer.resolve("lower");
        List<Path> lowers = new ArrayList<>();
        if (Files.exists(lowerFile)) {
            for (String entry : Files.readString(lowerFile, StandardCharsets.UTF_8).trim().split(":")) {
                if (!entry.isEmpty()) {
                    lowers.add(home.resolve(entry));
                }
            }
        }
        return lowers;
    }

    private Path linkPath(Path layer) throws IOException {
        return links.resolve(Files.readString(layer.resolve("link"), StandardCharsets.UTF_8).trim());
    }

    private Path layerDir(String id) {
        return home.resolve(LayerIds.check(id, RESERVED));
    }

    private Path existingLayerDir(String id) throws IOException {
        Path dir = layerDir(id);
        if (!Files.isDirectory(dir.resolve("diff"))) {
            throw new IOException("layer " + id + " does not exist");
        }
        return dir;
    }
}
