package io.wharf.engine;

import io.wharf.api.container.ContainerInfo;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageConfig;
import io.wharf.api.volume.Volume;
import io.wharf.api.volume.VolumeService;
import io.wharf.api.volume.VolumeUsage;
import io.wharf.support.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker system df (moby daemon/disk_usage.go): images with their container counts and shared sizes, containers
 * with their sizes, the bytes all distinct layers take, volumes with their sizes and users. Works with whichever
 * services are present; the build cache does not exist yet and is empty.
 */
public final class DiskUsage {
    public static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

    private final ImageService images;
    private final ContainerService containers;
    private final VolumeService volumes;
    private final Instant now;

    public DiskUsage(ImageService images, ContainerService containers, VolumeService volumes, Instant now) {
        this.images = images;
        this.containers = containers;
        this.volumes = volumes;
        this.now = now;
    }

    /** The answer for the requested object types (all when none is given); unknown types are a client error. */
    public Map<String, Object> report(List<String> types) {
        Set<String> wanted = new LinkedHashSet<>();
        if (types == null || types.isEmpty()) {
            wanted.addAll(TYPES);
        } else {
            for (String t : types) {
                if (!TYPES.contains(t)) {
                    throw EngineException.invalid("unknown object type: %s", t);
                }
                wanted.add(t);
            }
        }
        List<ContainerInfo> allContainers = containers == null ? List.of() : containers.list();
        List<Image> allImages = images == null ? List.of() : images.list();
        Map<String, Object> report = new LinkedHashMap<>();
        if (wanted.contains("image")) {
            Map<Digest, Long> layerSizes = layerSizes(allImages);
            report.put("LayersSize", layerSizes.values().stream().mapToLong(Long::longValue).sum());
            report.put("Images", imageSummaries(allImages, allContainers, layerSizes));
        }
        if (wanted.contains("container")) {
            report.put("Containers", containerSummaries(allContainers, allImages));
        }
        if (wanted.contains("volume")) {
            report.put("Volumes", volumeSummaries());
        }
        if (wanted.contains("build-cache")) {
            report.put("BuildCache", List.of());
        }
        return report;
    }

    // ------------------------------------------------------------------ volumes

    /** Docker's Volume objects with UsageData (Size -1: not measured). */
    private List<Map<String, Object>> volumeSummaries() {
        List<Map<String, Object>> result = new ArrayList<>();
        if (volumes == null) {
            return result;
        }
        for (VolumeUsage u : volumes.diskUsage()) {
            Volume v = u.volume();
            Map<String, Object> m = new LinkedHashMap<>();
            if (v.createdAt() != null) {
                m.put("CreatedAt", v.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            }
            m.put("Driver", v.driver());
            m.put("Labels", v.labels());
            m.put("Mountpoint", v.mountpoint() == null ? "" : v.mountpoint());
            m.put("Name", v.name());
            m.put("Options", v.options());
            m.put("Scope", v.scope());
            m.put("UsageData", Map.of("Size", u.size(), "RefCount", u.refCount()));
            result.add(m);
        }
        return result;
    }

    // ------------------------------------------------------------------ images

    private List<Map<String, Object>> imageSummaries(List<Image> all, List<ContainerInfo> containerList,
                                                     Map<Digest, Long> layerSizes) {
        Map<Digest, Integer> layerUse = new HashMap<>();
        Set<Digest> parents = new java.util.HashSet<>();
        for (Image image : all) {
            new LinkedHashSet<>(image.chainIds()).forEach(c -> layerUse.merge(c, 1, Integer::sum));
            if (image.parent() != null) {
                parents.add(image.parent());
            }
        }
        Map<Digest, Integer> containerCount = new HashMap<>();
        for (ContainerInfo c : containerList) {
            if (c.imageId() != null) {
                containerCount.merge(c.imageId(), 1, Integer::sum);
            }
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Image image : all) {
            boolean untagged = image.repoTags().isEmpty() && image.repoDigests().isEmpty();
            if (untagged && parents.contains(image.id())) {
                continue; // an intermediate image, which docker images hides without --all
            }
            long shared = 0;
            for (Digest chain : new LinkedHashSet<>(image.chainIds())) {
                if (layerUse.getOrDefault(chain, 0) > 1) {
                    shared += layerSizes.getOrDefault(chain, 0L);
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Id", image.id().toString());
            s.put("ParentId", image.parent() == null ? "" : image.parent().toString());
            s.put("RepoTags", image.repoTags());
            s.put("RepoDigests", image.repoDigests());
            Instant created = parseTime(image.config().created());
            s.put("Created", created == null ? 0 : created.getEpochSecond());
            s.put("Size", image.size());
            s.put("SharedSize", shared);
            ContainerConfig config = image.config().config();
            s.put("Labels", config == null || config.labels() == null ? Map.of() : config.labels());
            s.put("Containers", containerCount.getOrDefault(image.id(), 0));
            result.add(s);
        }
        result.sort((a, b) -> Long.compare((long) b.get("Created"), (long) a.get("Created")));
        return result;
    }

    /**
     * The size of every distinct layer, by chain ID. The image service tells layer sizes only through docker
     * history, whose rows line up with the configuration's history (non-empty rows are the layers, in order);
     * what that cannot attribute is counted on the image's top layer.
     */
    Map<Digest, Long> layerSizes(List<Image> all) {
        Map<Digest, Long> sizes = new LinkedHashMap<>();
        for (Image image : all) {
            List<Digest> chain = image.chainIds();
            if (chain.isEmpty() || chain.stream().allMatch(sizes::containsKey)) {
                continue;
            }
            sizesFromHistory(image, chain).forEach(sizes::putIfAbsent);
            Digest top = chain.get(chain.size() - 1);
            if (!sizes.containsKey(top)) {
                long below = 0;
                for (Digest c : new LinkedHashSet<>(chain)) {
                    below += sizes.getOrDefault(c, 0L);
                }
                sizes.put(top, Math.max(0, image.size() - below));
            }
        }
        return sizes;
    }

    private Map<Digest, Long> sizesFromHistory(Image image, List<Digest> chain) {
        Map<Digest, Long> sizes = new HashMap<>();
        List<ImageConfig.History> history = image.config().history();
        if (history == null || history.isEmpty()) {
            return sizes;
        }
        List<HistoryItem> rows;
        try {
            rows = images.history(image.id().toString());
        } catch (RuntimeException e) {
            return sizes; // an image whose history the store cannot explain: fall back to its total size
        }
        if (rows.size() != history.size()) {
            return sizes;
        }
        int layer = 0;
        for (int i = 0; i < history.size() && layer < chain.size(); i++) {
            if (!history.get(i).isEmptyLayer()) {
                HistoryItem row = rows.get(rows.size() - 1 - i); // rows are newest first
                sizes.put(chain.get(layer++), row.size());
            }
        }
        return sizes;
    }

    // ------------------------------------------------------------------ containers

    private List<Map<String, Object>> containerSummaries(List<ContainerInfo> all, List<Image> imageList) {
        Map<Digest, Long> imageSizes = new HashMap<>();
        imageList.forEach(i -> imageSizes.put(i.id(), i.size()));
        List<Map<String, Object>> result = new ArrayList<>();
        for (ContainerInfo c : all) {
            long sizeRw = sizeRw(c);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Id", c.id());
            s.put("Names", List.of("/" + c.name()));
            s.put("Image", c.image() == null ? "" : c.image());
            s.put("ImageID", c.imageId() == null ? "" : c.imageId().toString());
            s.put("Command", command(c.config()));
            s.put("Created", c.created() == null ? 0 : c.created().getEpochSecond());
            s.put("Ports", List.of());
            s.put("SizeRw", sizeRw);
            s.put("SizeRootFs", sizeRw + (c.imageId() == null ? 0 : imageSizes.getOrDefault(c.imageId(), 0L)));
            s.put("Labels", c.config() == null || c.config().labels() == null ? Map.of() : c.config().labels());
            s.put("State", c.state().status().dockerName());
            s.put("Status", status(c.state(), now));
            s.put("Mounts", mounts(c));
            result.add(s);
        }
        result.sort((a, b) -> Long.compare((long) b.get("Created"), (long) a.get("Created")));
        return result;
    }

    private long sizeRw(ContainerInfo c) {
        try {
            return containers.sizeRw(c.id());
        } catch (EngineException e) {
            return 0; // removed meanwhile
        }
    }

    private static List<Map<String, Object>> mounts(ContainerInfo c) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (c.mounts() == null) {
            return result;
        }
        for (ContainerInfo.MountPoint m : c.mounts()) {
            Map<String, Object> mount = new LinkedHashMap<>();
            mount.put("Type", m.type() == null ? "" : m.type());
            if (m.name() != null && !m.name().isEmpty()) {
                mount.put("Name", m.name());
            }
            mount.put("Source", m.hostPath() == null ? "" : m.hostPath());
            mount.put("Destination", m.destination());
            if ("volume".equals(m.type())) {
                mount.put("Driver", "local");
            }
            mount.put("Mode", "");
            mount.put("RW", !m.readOnly());
            mount.put("Propagation", "");
            result.add(mount);
        }
        return result;
    }

    /** What the container runs: the entrypoint and its arguments, as docker ps shows it. */
    static String command(ContainerConfig config) {
        if (config == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (config.entrypoint() != null) {
            parts.addAll(config.entrypoint());
        }
        if (config.cmd() != null) {
            parts.addAll(config.cmd());
        }
        return String.join(" ", parts);
    }

    /** Docker's State.String(): "Up 2 hours", "Exited (0) 3 minutes ago", "Created". */
    static String status(ContainerInfo.State state, Instant now) {
        return switch (state.status()) {
            case RUNNING -> "Up " + HumanDuration.of(since(state.startedAt(), now));
            case PAUSED -> "Up " + HumanDuration.of(since(state.startedAt(), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + state.exitCode() + ") "
                    + HumanDuration.of(since(state.finishedAt(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
            case CREATED -> "Created";
            case EXITED -> state.finishedAt() == null ? "" : "Exited (" + state.exitCode() + ") "
                    + HumanDuration.of(since(state.finishedAt(), now)) + " ago";
        };
    }

    private static Duration since(Instant t, Instant now) {
        return t == null ? Duration.ZERO : Duration.between(t, now);
    }

    private static Instant parseTime(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
