package io.wharf.volumes.service;

import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.events.EventBus;
import io.wharf.api.volume.Volume;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import io.wharf.api.volume.VolumeService;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's volumes across all drivers, with dockerd's volume store semantics: the service remembers each
 * volume's driver, labels and options; drivers own the data. Volumes found in a driver without metadata (created
 * before the service kept any) are adopted; metadata whose driver lost the volume is dropped. While a driver is
 * away its volumes are still listed and inspected as last known, and what needs the driver answers UNAVAILABLE.
 * Changes to the set of volumes are serialized by one lock; the container service is never called under it.
 */
public final class VolumeManager implements VolumeService {
    public static final String DEFAULT_DRIVER = "local";
    private static final Logger LOG = LoggerFactory.getLogger(VolumeManager.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VolumeDrivers drivers;
    private final MetadataStore metadata;
    private final VolumeUsage usage;
    private final VolumeEvents events;
    private final Object lock = new Object();
    private final AtomicBoolean pruning = new AtomicBoolean();

    /** A volume as found, with its driver when that is present. */
    private record Found(Volume volume, VolumeDriver driver) {
    }

    public VolumeManager(VolumeDrivers drivers, Path metadataDir, Supplier<ContainerService> containers,
                         Supplier<EventBus> eventBus) throws IOException {
        this.drivers = drivers;
        this.metadata = new MetadataStore(metadataDir);
        this.usage = new VolumeUsage(containers);
        this.events = new VolumeEvents(eventBus);
    }

    /** Records the volumes the present drivers have but the metadata lacks (first start, or dockerd's leftovers). */
    public void adoptAll() {
        drivers.expect(metadata.all().stream().map(VolumeMetadata::driver).toList());
        VolumeList all = listAll(false); // plugins are activated when first used, not at start
        all.warnings().forEach(w -> LOG.warn("volume driver did not answer: {}", w));
        LOG.info("{} volumes known", all.volumes().size());
    }

    // ------------------------------------------------------------------ create, get, list

    @Override
    public Volume create(String name, String driverName, Map<String, String> driverOptions,
                         Map<String, String> labels) {
        Map<String, String> allLabels = sortedCopy(labels);
        if (isEmpty(name)) {
            name = HexFormat.of().formatHex(randomBytes(32));
            allLabels = allLabels == null ? new TreeMap<>() : allLabels;
            allLabels.put(Volume.ANONYMOUS_LABEL, "");
            driverName = isEmpty(driverName) ? DEFAULT_DRIVER : driverName;
        }
        MetadataStore.requireStorableName(name);
        Map<String, String> options = sortedCopy(driverOptions);
        Volume created;
        synchronized (lock) {
            Found existing = existingForCreate(name, driverName);
            if (existing != null) {
                return existing.volume();
            }
            String chosen = isEmpty(driverName) ? DEFAULT_DRIVER : driverName;
            VolumeDriver driver = requireDriver(name, chosen);
            VolumeInfo info = DriverCalls.get(driver, name);
            boolean madeHere = info == null;
            if (madeHere) {
                info = DriverCalls.create(driver, name, options);
            }
            VolumeMetadata meta = new VolumeMetadata(name, chosen, allLabels, options, now(), info.mountpoint(),
                    driver.scope());
            try {
                metadata.put(meta);
            } catch (IOException e) {
                if (madeHere) { // else the next start would adopt a volume whose create failed
                    try {
                        DriverCalls.remove(driver, name);
                    } catch (RuntimeException removeFailed) {
                        e.addSuppressed(removeFailed);
                    }
                }
                throw EngineException.system("create " + name + ": cannot save its metadata: " + e.getMessage(), e);
            }
            created = toVolume(meta, info, driver);
        }
        events.publish("create", name, Map.of("driver", created.driver()));
        return created;
    }

    /**
     * The volume a create of {@code name} must return instead of creating one, like dockerd: the known volume
     * when the driver matches or none was asked for, a CONFLICT when another driver has it.
     */
    private Found existingForCreate(String name, String driverName) {
        VolumeMetadata meta = metadata.get(name);
        if (meta == null) {
            // no driver asked for: a volume of that name in any driver is the one meant
            return isEmpty(driverName) ? probe(name) : null;
        }
        boolean otherDriver = false;
        if (!isEmpty(driverName)) {
            requireDriver(name, driverName);
            otherDriver = !driverName.equals(meta.driver());
        }
        VolumeDriver owner = drivers.find(meta.driver());
        VolumeInfo info = owner == null ? null : DriverCalls.get(owner, name);
        if (owner != null && info == null) {
            forget(name); // the driver lost it: the name is free again
            return null;
        }
        if (otherDriver) {
            throw EngineException.conflict("create %s: driver '%s' already has volume '%s': volume name must be "
                    + "unique", name, meta.driver(), name);
        }
        return new Found(toVolume(meta, info, owner), owner);
    }

    @Override
    public Volume get(String name) {
        Found found;
        synchronized (lock) {
            found = find(name);
        }
        if (found == null) {
            throw noSuchVolume(name);
        }
        return found.volume();
    }

    /** The volumes that match Docker's list filters ({@code dangling}, {@code driver}, {@code label}, {@code name}). */
    public VolumeList list(Map<String, List<String>> filters) {
        VolumeFilter filter = VolumeFilter.forList(filters);
        VolumeUsage.Snapshot inUse = filter.needsUsage() ? usage.snapshot() : null;
        VolumeList all = listAll(true);
        List<Volume> matching = all.volumes().stream()
                .filter(v -> filter.matches(v, inUse != null && inUse.inUse(v.name())))
                .toList();
        return new VolumeList(matching, all.warnings());
    }

    /** Every volume of every driver; {@code activatePlugins} first activates the plugins not used yet. */
    private VolumeList listAll(boolean activatePlugins) {
        Map<String, VolumeDriver> present = activatePlugins ? drivers.allActivated() : drivers.all();
        synchronized (lock) {
            Map<String, Volume> byName = new TreeMap<>();
            List<String> warnings = new ArrayList<>();
            Set<String> answered = new HashSet<>();
            for (Map.Entry<String, VolumeDriver> e : present.entrySet()) {
                String driverName = e.getKey();
                VolumeDriver driver = e.getValue();
                List<VolumeInfo> infos;
                try {
                    infos = driver.list();
                } catch (IOException | RuntimeException ex) {
                    warnings.add("list " + driverName + ": " + ex.getMessage());
                    continue;
                }
                answered.add(driverName);
                for (VolumeInfo info : infos) {
                    VolumeMetadata meta = metadata.get(info.name());
                    if (meta == null) {
                        byName.putIfAbsent(info.name(), adopt(driverName, driver, info).volume());
                    } else if (meta.driver().equals(driverName)) {
                        byName.putIfAbsent(info.name(), toVolume(meta, info, driver));
                    } else {
                        LOG.debug("volume {} of driver {} hidden: the name belongs to driver {}", info.name(),
                                driverName, meta.driver());
                    }
                }
            }
            for (VolumeMetadata meta : metadata.all()) {
                if (!answered.contains(meta.driver())) {
                    byName.putIfAbsent(meta.name(), toVolume(meta, null, null));
                }
            }
            return new VolumeList(new ArrayList<>(byName.values()), warnings);
        }
    }

    /** The volume by its metadata, or by asking every driver; null when there is none. Holds the lock. */
    private Found find(String name) {
        VolumeMetadata meta = metadata.get(name);
        if (meta == null) {
            return probe(name);
        }
        VolumeDriver driver = drivers.find(meta.driver());
        if (driver == null) {
            return new Found(toVolume(meta, null, null), null);
        }
        VolumeInfo info = DriverCalls.get(driver, name);
        if (info == null) {
            forget(name);
            return null;
        }
        return new Found(toVolume(meta, info, driver), driver);
    }

    /** Asks each driver for a volume the metadata does not know; the first that has it owns it. */
    private Found probe(String name) {
        for (Map.Entry<String, VolumeDriver> e : drivers.all().entrySet()) {
            VolumeInfo info;
            try {
                info = DriverCalls.get(e.getValue(), name);
            } catch (EngineException ex) {
                continue; // a driver that cannot answer does not have it, as far as we can tell
            }
            if (info != null) {
                return adopt(e.getKey(), e.getValue(), info);
            }
        }
        return null;
    }

    private Found adopt(String driverName, VolumeDriver driver, VolumeInfo info) {
        Instant created = parseTime(info.createdAt());
        VolumeMetadata meta = new VolumeMetadata(info.name(), driverName, null, null,
                (created != null ? created : Instant.now()).truncatedTo(ChronoUnit.SECONDS).toString(),
                info.mountpoint(), driver.scope());
        try {
            metadata.put(meta);
            LOG.info("adopted volume {} of driver {}", info.name(), driverName);
        } catch (IOException e) {
            LOG.warn("cannot save the metadata of volume {}: {}", info.name(), e.getMessage());
        }
        return new Found(toVolume(meta, info, driver), driver);
    }

    // ------------------------------------------------------------------ remove, prune

    @Override
    public void remove(String name, boolean force) {
        List<String> users = usage.users(name); // before the lock: the container service takes its own locks
        String driverName;
        synchronized (lock) {
            Found found = find(name);
            if (found == null) {
                if (force) {
                    return;
                }
                throw noSuchVolume(name);
            }
            if (!users.isEmpty()) {
                throw EngineException.conflict("remove %s: volume is in use - [%s]", name, String.join(", ", users));
            }
            driverName = found.volume().driver();
            if (found.driver() == null) {
                if (!force) {
                    throw driverUnavailable(name, driverName);
                }
            } else {
                DriverCalls.remove(found.driver(), name);
            }
            forget(name);
        }
        events.publish("destroy", name, Map.of("driver", driverName));
    }

    /**
     * Removes the unused volumes of the local driver that match Docker's prune filters; without {@code all=true}
     * only anonymous ones. A volume that cannot be removed is skipped.
     */
    public PruneReport prune(Map<String, List<String>> filters) {
        VolumeFilter filter = VolumeFilter.forPrune(filters);
        if (!pruning.compareAndSet(false, true)) {
            throw EngineException.conflict("a prune operation is already running");
        }
        try {
            VolumeUsage.Snapshot inUse = usage.snapshot();
            List<String> deleted = new ArrayList<>();
            long reclaimed = 0;
            for (Volume v : listAll(false).volumes()) { // only local volumes are pruned
                if (!DEFAULT_DRIVER.equals(v.driver()) || inUse.inUse(v.name()) || !filter.matches(v, false)) {
                    continue;
                }
                long size = sizeOf(v);
                try {
                    remove(v.name(), false);
                } catch (EngineException e) {
                    LOG.warn("prune: cannot remove volume {}: {}", v.name(), e.getMessage());
                    continue;
                }
                deleted.add(v.name());
                reclaimed += size;
            }
            events.publish("prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
            return new PruneReport(deleted, reclaimed);
        } finally {
            pruning.set(false);
        }
    }

    @Override
    public List<io.wharf.api.volume.VolumeUsage> diskUsage() {
        VolumeUsage.Snapshot inUse = usage.snapshot(); // before the lock: the container service takes its own
        List<io.wharf.api.volume.VolumeUsage> result = new ArrayList<>();
        for (Volume v : listAll(true).volumes()) {
            // like dockerd, only the local driver's volumes are measured
            long size = DEFAULT_DRIVER.equals(v.driver()) ? sizeOf(v) : -1;
            result.add(new io.wharf.api.volume.VolumeUsage(v, size, inUse.users(v.name()).size()));
        }
        return result;
    }

    private static long sizeOf(Volume v) {
        try {
            return v.mountpoint() == null || v.mountpoint().isEmpty() ? 0 : DirectorySize.of(Path.of(v.mountpoint()));
        } catch (IOException | InvalidPathException e) {
            LOG.warn("could not determine size of volume {}: {}", v.name(), e.getMessage());
            return 0;
        }
    }

    // ------------------------------------------------------------------ mount, unmount

    @Override
    public Path mount(String name, String containerId) throws IOException {
        Found found = requireWithDriver(name);
        usage.mounted(name, containerId); // counted first, so that a remove racing the mount is refused
        Path path;
        try {
            path = found.driver().mount(name, containerId);
        } catch (IOException | RuntimeException e) {
            usage.unmounted(name, containerId);
            throw e;
        }
        events.publish("mount", name, Map.of("driver", found.volume().driver(), "container", containerId));
        return path;
    }

    @Override
    public void unmount(String name, String containerId) throws IOException {
        try {
            Found found = requireWithDriver(name);
            found.driver().unmount(name, containerId);
            events.publish("unmount", name, Map.of("driver", found.volume().driver(), "container", containerId));
        } finally {
            usage.unmounted(name, containerId); // the container is done with it either way
        }
    }

    private Found requireWithDriver(String name) {
        Found found;
        synchronized (lock) {
            found = find(name);
        }
        if (found == null) {
            throw noSuchVolume(name);
        }
        if (found.driver() == null) {
            throw driverUnavailable(name, found.volume().driver());
        }
        return found;
    }

    private VolumeDriver requireDriver(String volume, String driverName) {
        try {
            return drivers.require(driverName);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), "create " + volume + ": " + e.getMessage(), e);
        }
    }

    private void forget(String name) {
        try {
            metadata.remove(name);
        } catch (IOException e) {
            LOG.warn("cannot delete the metadata of volume {}: {}", name, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ shapes

    private static Volume toVolume(VolumeMetadata meta, VolumeInfo info, VolumeDriver driver) {
        String mountpoint = info != null && info.mountpoint() != null ? info.mountpoint() : meta.mountpoint();
        Instant created = parseTime(meta.createdAt());
        if (created == null && info != null) {
            created = parseTime(info.createdAt());
        }
        String scope = driver != null ? driver.scope() : meta.scope() != null ? meta.scope() : "local";
        Map<String, String> status = info != null && info.status() != null ? Map.copyOf(info.status()) : Map.of();
        return new Volume(meta.name(), meta.driver(), mountpoint, created, readOnly(meta.labels()),
                readOnly(meta.options()), scope, status);
    }

    private static EngineException noSuchVolume(String name) {
        return EngineException.notFound("get %s: no such volume", name);
    }

    private static EngineException driverUnavailable(String name, String driver) {
        return EngineException.unavailable("volume %s: volume driver \"%s\" is not available", name, driver);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Instant parseTime(String text) {
        if (isEmpty(text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Go encodes maps sorted by key; a null map stays null (JSON null), as dockerd shows it. */
    private static Map<String, String> sortedCopy(Map<String, String> map) {
        return map == null ? null : new TreeMap<>(map);
    }

    private static Map<String, String> readOnly(Map<String, String> map) {
        return map == null ? null : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
