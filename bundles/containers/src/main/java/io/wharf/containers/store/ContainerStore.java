package io.wharf.containers.store;

import io.wharf.archive.DirectoryTrees;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.support.Json;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers' metadata on disk: {@code <root>/<id>/config.v2.json} and {@code hostconfig.json}, as dockerd
 * keeps them, written atomically; the folder also holds hostname, hosts, resolv.conf and the log.
 */
public final class ContainerStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStore.class);
    private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");
    public static final String CONFIG_FILE = "config.v2.json";
    public static final String HOST_CONFIG_FILE = "hostconfig.json";
    private final Path root;

    public ContainerStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path dirOf(String id) {
        return root.resolve(id);
    }

    /** Persists the container; the caller holds the container's monitor so the record is consistent. */
    public void save(Container c) throws IOException {
        AtomicFiles.write(c.dir().resolve(CONFIG_FILE), Json.bytes(c.record()));
        AtomicFiles.write(c.dir().resolve(HOST_CONFIG_FILE), Json.bytes(c.hostConfig()));
    }

    public List<Container> loadAll() throws IOException {
        List<Container> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!ID.matcher(id).matches() || !Files.isRegularFile(dir.resolve(CONFIG_FILE))) {
                    continue;
                }
                try {
                    ContainerRecord record = Json.MAPPER.readValue(dir.resolve(CONFIG_FILE).toFile(),
                            ContainerRecord.class);
                    Path hc = dir.resolve(HOST_CONFIG_FILE);
                    HostConfig hostConfig = Files.isRegularFile(hc)
                            ? Json.MAPPER.readValue(hc.toFile(), HostConfig.class) : new HostConfig();
                    if (!id.equals(record.id) || record.config == null || record.name == null) {
                        LOG.warn("skipping container folder {}: inconsistent metadata", dir);
                        continue;
                    }
                    result.add(new Container(record, hostConfig, dir));
                } catch (IOException e) {
                    LOG.warn("skipping container folder {}: {}", dir, e.toString());
                }
            }
        }
        return result;
    }

    public void delete(String id) throws IOException {
        DirectoryTrees.delete(dirOf(id));
    }
}
