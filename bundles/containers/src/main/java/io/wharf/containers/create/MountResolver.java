package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import io.wharf.containers.model.HostConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns HostConfig.Binds, HostConfig.Mounts and HostConfig.Tmpfs into mount points, with moby's validation and
 * messages. Volume mount points come out with their name (empty for an anonymous volume) and without a source:
 * the volume service gives them one.
 */
public final class MountResolver {
    private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate");
    private static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev");

    private MountResolver() {
    }

    /** The mount points inspect shows (binds and --mount), in order. */
    public static List<MountPointRecord> resolve(HostConfig hc) {
        List<MountPointRecord> result = new ArrayList<>();
        Set<String> destinations = new HashSet<>();
        if (hc.binds != null) {
            for (String spec : hc.binds) {
                MountPointRecord m = parseBind(spec);
                claim(destinations, m.destination);
                result.add(m);
            }
        }
        if (hc.mounts != null) {
            for (HostConfig.Mount mount : hc.mounts) {
                MountPointRecord m = parseMount(mount);
                claim(destinations, m.destination);
                result.add(m);
            }
        }
        if (hc.tmpfs != null) {
            for (String dest : hc.tmpfs.keySet()) {
                String clean = cleanPath(dest);
                if (!clean.startsWith("/")) {
                    throw EngineException.invalid("invalid mount config for type \"tmpfs\": invalid mount path: "
                            + "'%s' mount path must be absolute", dest);
                }
                claim(destinations, clean);
            }
        }
        return result;
    }

    /** --tmpfs entries as destination → options, Docker's defaults first so the user's win. */
    public static Map<String, List<String>> tmpfsOptions(HostConfig hc) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (hc.tmpfs == null) {
            return result;
        }
        hc.tmpfs.forEach((dest, opts) -> {
            List<String> options = new ArrayList<>(TMPFS_DEFAULTS);
            if (opts != null && !opts.isBlank()) {
                for (String o : opts.split(",")) {
                    String opt = o.trim();
                    switch (opt) {
                        case "exec" -> options.remove("noexec");
                        case "suid" -> options.remove("nosuid");
                        case "dev" -> options.remove("nodev");
                        default -> {
                            if (!opt.isEmpty()) {
                                options.add(opt);
                            }
                        }
                    }
                }
            }
            result.put(cleanPath(dest), options);
        });
        return result;
    }

    private static void claim(Set<String> destinations, String destination) {
        if (!destinations.add(destination)) {
            throw EngineException.invalid("Duplicate mount point: %s", destination);
        }
    }

    static MountPointRecord parseBind(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1 && spec.startsWith("/")) {
            return volume("", cleanPath(spec), true, "", true, Map.of(), Map.of(), "");
        }
        if (parts.length == 1 || parts.length > 3 || spec.isEmpty()) {
            throw EngineException.invalid("invalid volume specification: '%s'", spec);
        }
        String source = parts[0];
        String destination = parts[1];
        String mode = parts.length == 3 ? parts[2] : "";
        if (source.isEmpty() || destination.isEmpty()) {
            throw EngineException.invalid("invalid volume specification: '%s'", spec);
        }
        if (!destination.startsWith("/")) {
            throw EngineException.invalid("invalid volume specification: '%s': invalid mount config for type "
                    + "\"bind\": invalid mount path: '%s' mount path must be absolute", spec, destination);
        }
        destination = cleanPath(destination);
        if (destination.equals("/")) {
            throw EngineException.invalid("invalid volume specification: '%s': invalid mount config for type "
                    + "\"bind\": invalid specification: destination can't be '/'", spec);
        }
        boolean readOnly = false;
        boolean nocopy = false;
        String propagation = "rprivate";
        if (!mode.isEmpty()) {
            for (String m : mode.split(",")) {
                switch (m) {
                    case "ro" -> readOnly = true;
                    case "nocopy" -> nocopy = true;
                    case "rw", "z", "Z" -> {
                        // rw is the default; SELinux relabeling does not apply here
                    }
                    default -> {
                        if (!PROPAGATIONS.contains(m)) {
                            throw EngineException.invalid("invalid mode: %s", mode);
                        }
                        propagation = m;
                    }
                }
            }
        }
        if (!source.startsWith("/")) {
            if (!propagation.equals("rprivate")) {
                throw EngineException.invalid("invalid volume specification: '%s': propagation is not supported for "
                        + "volumes", spec);
            }
            return volume(source, destination, !readOnly, mode, !nocopy, Map.of(), Map.of(), "");
        }
        Path hostPath = Path.of(cleanPath(source));
        if (!Files.exists(hostPath)) {
            try {
                Files.createDirectories(hostPath); // dockerd creates missing -v sources (legacy behaviour)
            } catch (IOException e) {
                throw EngineException.invalid("error while creating mount source path '%s': %s", source,
                        e.getMessage());
            }
        }
        List<String> options = new ArrayList<>(List.of("rbind", propagation));
        if (readOnly) {
            options.add("ro");
        }
        return new MountPointRecord("bind", hostPath.toString(), destination, !readOnly, mode, propagation, options);
    }

    static MountPointRecord parseMount(HostConfig.Mount m) {
        String type = m.type == null ? "" : m.type;
        String target = m.target == null ? "" : m.target;
        if (type.isEmpty()) {
            throw EngineException.invalid("invalid mount config: must use either propagation mode \"bind\", "
                    + "\"volume\" or \"tmpfs\"");
        }
        if (target.isEmpty()) {
            throw EngineException.invalid("invalid mount config for type \"%s\": field Target must not be empty",
                    type);
        }
        if (!target.startsWith("/")) {
            throw EngineException.invalid("invalid mount config for type \"%s\": invalid mount path: '%s' mount "
                    + "path must be absolute", type, target);
        }
        String destination = cleanPath(target);
        switch (type) {
            case "volume" -> {
                if (m.bindOptions != null) {
                    throw EngineException.invalid("invalid mount config for type \"volume\": field BindOptions "
                            + "must not be specified");
                }
                if (m.tmpfsOptions != null) {
                    throw EngineException.invalid("invalid mount config for type \"volume\": field TmpfsOptions "
                            + "must not be specified");
                }
                String name = m.source == null ? "" : m.source;
                if (name.startsWith("/")) {
                    throw EngineException.invalid("invalid mount config for type \"volume\": invalid volume "
                            + "name: '%s': volume names cannot be absolute paths", name);
                }
                HostConfig.VolumeOptions vo = m.volumeOptions == null
                        ? new HostConfig.VolumeOptions(false, null, null, null) : m.volumeOptions;
                HostConfig.VolumeDriver dc = vo.driverConfig() == null ? new HostConfig.VolumeDriver(null, null)
                        : vo.driverConfig();
                return volume(name, destination, !m.readOnly, "", !vo.noCopy(), dc.options(), vo.labels(), dc.name());
            }
            case "bind" -> {
                String source = m.source == null ? "" : m.source;
                if (source.isEmpty()) {
                    throw EngineException.invalid("invalid mount config for type \"bind\": field Source must not "
                            + "be empty");
                }
                if (!source.startsWith("/")) {
                    throw EngineException.invalid("invalid mount config for type \"bind\": invalid mount path: "
                            + "'%s' mount path must be absolute", source);
                }
                if (m.tmpfsOptions != null) {
                    throw EngineException.invalid("invalid mount config for type \"bind\": field TmpfsOptions "
                            + "must not be specified");
                }
                Path hostPath = Path.of(cleanPath(source));
                boolean create = m.bindOptions != null && m.bindOptions.createMountpoint;
                if (!Files.exists(hostPath)) {
                    if (!create) {
                        throw EngineException.invalid("invalid mount config for type \"bind\": bind source path "
                                + "does not exist: %s", source);
                    }
                    try {
                        Files.createDirectories(hostPath);
                    } catch (IOException e) {
                        throw EngineException.invalid("invalid mount config for type \"bind\": %s", e.getMessage());
                    }
                }
                String propagation = m.bindOptions != null && m.bindOptions.propagation != null
                        && !m.bindOptions.propagation.isEmpty() ? m.bindOptions.propagation : "rprivate";
                if (!PROPAGATIONS.contains(propagation)) {
                    throw EngineException.invalid("invalid mount config for type \"bind\": invalid propagation "
                            + "mode: %s", propagation);
                }
                boolean nonRecursive = m.bindOptions != null && m.bindOptions.nonRecursive;
                List<String> options = new ArrayList<>(List.of(nonRecursive ? "bind" : "rbind", propagation));
                if (m.readOnly) {
                    options.add("ro");
                }
                return new MountPointRecord("bind", hostPath.toString(), destination, !m.readOnly, "",
                        propagation, options);
            }
            case "tmpfs" -> {
                if (m.source != null && !m.source.isEmpty()) {
                    throw EngineException.invalid("invalid mount config for type \"tmpfs\": field Source must not "
                            + "be specified");
                }
                List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
                if (m.tmpfsOptions != null) {
                    if (m.tmpfsOptions.sizeBytes < 0) {
                        throw EngineException.invalid("invalid mount config for type \"tmpfs\": invalid tmpfs "
                                + "size: %d", m.tmpfsOptions.sizeBytes);
                    }
                    if (m.tmpfsOptions.sizeBytes > 0) {
                        options.add("size=" + m.tmpfsOptions.sizeBytes);
                    }
                    if (m.tmpfsOptions.mode != 0) {
                        options.add("mode=" + Integer.toOctalString(m.tmpfsOptions.mode));
                    }
                    if (m.tmpfsOptions.options != null) {
                        for (List<String> o : m.tmpfsOptions.options) {
                            options.add(String.join("=", o));
                        }
                    }
                }
                if (m.readOnly) {
                    options.add("ro");
                }
                return new MountPointRecord("tmpfs", "", destination, !m.readOnly, "", "", options);
            }
            default -> throw EngineException.invalid("mount type unknown: %s", type);
        }
    }

    private static MountPointRecord volume(String name, String destination, boolean rw, String mode,
                                           boolean copyData, Map<String, String> driverOptions,
                                           Map<String, String> labels, String driver) {
        List<String> options = new ArrayList<>(List.of("rbind", "rprivate"));
        if (!rw) {
            options.add("ro");
        }
        MountPointRecord m = new MountPointRecord("volume", "", destination, rw, mode, "", options);
        m.name = name;
        m.driver = driver;
        m.copyData = copyData;
        m.volumeOptions = driverOptions;
        m.volumeLabels = labels;
        return m;
    }

    /** The destination of an image VOLUME, cleaned like the user's. */
    public static String cleanPathForVolumes(String path) {
        String clean = cleanPath(path.startsWith("/") ? path : "/" + path);
        if (clean.equals("/")) {
            throw EngineException.invalid("invalid volume specification: '%s': destination can't be '/'", path);
        }
        return clean;
    }

    /** Go's path.Clean for absolute and relative paths. */
    static String cleanPath(String path) {
        boolean absolute = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!absolute) {
                    parts.add(p);
                }
                continue;
            }
            parts.add(p);
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
