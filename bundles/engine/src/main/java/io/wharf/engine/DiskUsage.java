package io.wharf.engine;

import io.wharf.api.build.BuildCacheRecord;
import io.wharf.api.build.ImageBuilder;
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
import io.wharf.engine.rest.DiskUsageBody;
import io.wharf.support.HumanDuration;
import io.wharf.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker system df (moby daemon/disk_usage.go): images with their container counts and shared sizes, containers
 * with their sizes, the bytes all distinct layers take, volumes with their sizes and users, the builder's cache
 * records. Works with whichever services are present.
 */
public final class DiskUsage {
    public static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

    private final ImageService images;
    private final ContainerService containers;
    private final VolumeService volumes;
    private final ImageBuilder builder;
    private final Instant now;

    public DiskUsage(ImageService images, ContainerService containers, VolumeService volumes, Instant now) {
        this(images, containers, volumes, null, now);
    }

    public DiskUsage(ImageService images, ContainerService containers, VolumeService volumes, ImageBuilder builder,
                     Instant now) {
        this.images = images;
        this.containers = containers;
        this.volumes = volumes;
        this.builder = builder;
        this.now = now;
    }

    /** The answer for the requested object types (all when none is given); unknown types are a client error. */
    public DiskUsageBody report(List<String> types) {
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
        Long layersSize = null;
        List<DiskUsageBody.ImageRow> imageRows = null;
        if (wanted.contains("image")) {
            Map<Digest, Long> layerSizes = layerSizes(allImages);
            layersSize = layerSizes.values().stream().mapToLong(Long::longValue).sum();
            imageRows = imageSummaries(allImages, allContainers, layerSizes);
        }
        return new DiskUsageBody(layersSize, imageRows,
                wanted.contains("container") ? containerSummaries(allContainers, allImages) : null,
                wanted.contains("volume") ? volumeSummaries() : null,
                wanted.contains("build-cache") ? buildCache() : null);
    }

    /** The builder's cache records, oldest first (none without a builder). */
    private List<DiskUsageBody.BuildCacheRow> buildCache() {
        List<DiskUsageBody.BuildCacheRow> rows = new ArrayList<>();
        for (BuildCacheRecord r : builder == null ? List.<BuildCacheRecord>of() : builder.cacheRecords()) {
            rows.add(new DiskUsageBody.BuildCacheRow(r.id(), r.parents().isEmpty() ? null : r.parents().get(0),
                    r.parents(), r.type(), r.description(), r.inUse(), r.shared(), r.size(),
                    Times.rfc3339Nano(r.createdAt()), r.lastUsedAt() == null ? null : Times.rfc3339Nano(r.lastUsedAt()),
                    r.usageCount()));
        }
        return rows;
    }

    // ------------------------------------------------------------------ volumes

    /** Docker's Volume objects with UsageData (Size -1: not measured). */
    private List<DiskUsageBody.VolumeRow> volumeSummaries() {
        List<DiskUsageBody.VolumeRow> result = new ArrayList<>();
        if (volumes == null) {
            return result;
        }
        for (VolumeUsage u : volumes.diskUsage()) {
            Volume v = u.volume();
            result.add(new DiskUsageBody.VolumeRow(
                    v.createdAt() == null ? null : v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    v.driver(), v.labels(), v.mountpoint() == null ? "" : v.mountpoint(), v.name(), v.options(),
                    v.scope(), new DiskUsageBody.UsageData(u.size(), u.refCount())));
        }
        return result;
    }

    // ------------------------------------------------------------------ images

    private List<DiskUsageBody.ImageRow> imageSummaries(List<Image> all, List<ContainerInfo> containerList,
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
        List<DiskUsageBody.ImageRow> result = new ArrayList<>();
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
            Instant created = parseTime(image.config().created());
            ContainerConfig config = image.config().config();
            result.add(new DiskUsageBody.ImageRow(image.id().toString(),
                    image.parent() == null ? "" : image.parent().toString(), image.repoTags(), image.repoDigests(),
                    created == null ? 0 : created.getEpochSecond(), image.size(), shared,
                    config == null || config.labels() == null ? Map.of() : config.labels(),
                    containerCount.getOrDefault(image.id(), 0)));
        }
        result.sort(Comparator.comparingLong(DiskUsageBody.ImageRow::created).reversed());
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

    private List<DiskUsageBody.ContainerRow> containerSummaries(List<ContainerInfo> all, List<Image> imageList) {
        Map<Digest, Long> imageSizes = new HashMap<>();
        imageList.forEach(i -> imageSizes.put(i.id(), i.size()));
        List<DiskUsageBody.ContainerRow> result = new ArrayList<>();
        for (ContainerInfo c : all) {
            long sizeRw = sizeRw(c);
            result.add(new DiskUsageBody.ContainerRow(c.id(), List.of("/" + c.name()),
                    c.image() == null ? "" : c.image(), c.imageId() == null ? "" : c.imageId().toString(),
                    command(c.config()), c.created() == null ? 0 : c.created().getEpochSecond(), List.of(), sizeRw,
                    sizeRw + (c.imageId() == null ? 0 : imageSizes.getOrDefault(c.imageId(), 0L)),
                    c.config() == null || c.config().labels() == null ? Map.of() : c.config().labels(),
                    c.state().status().dockerName(), status(c.state(), now), mounts(c)));
        }
        result.sort(Comparator.comparingLong(DiskUsageBody.ContainerRow::created).reversed());
        return result;
    }

    private long sizeRw(ContainerInfo c) {
        try {
            return containers.sizeRw(c.id());
        } catch (EngineException e) {
            return 0; // removed meanwhile
        }
    }

    private static List<DiskUsageBody.MountRow> mounts(ContainerInfo c) {
        List<DiskUsageBody.MountRow> result = new ArrayList<>();
        if (c.mounts() == null) {
            return result;
        }
        for (ContainerInfo.MountPoint m : c.mounts()) {
            result.add(new DiskUsageBody.MountRow(m.type() == null ? "" : m.type(), m.name(),
                    m.hostPath() == null ? "" : m.hostPath(), m.destination(), "volume".equals(m.type()) ? "local" : null,
                    "", !m.readOnly(), ""));
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
