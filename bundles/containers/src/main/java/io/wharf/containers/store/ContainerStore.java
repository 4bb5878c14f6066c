package io.wharf.containers.store;

import io.wharf.archive.DirectoryTrees;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.support.AtomicFiles;
import io.wharf.support.FormatVersion;
import io.wharf.support.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Persists the container; the caller holds the container's monitor so the record is consistent. The host
     * config goes first: a container is listed once its record exists, so a crash in between never shows one
     * without it. A host config that could not be loaded is not written back: a stand-in would look whole.
     */
    public void save(Container c) throws IOException {
        if (c.hostConfigProblem() == null) {
            writeIfChanged(c.dir().resolve(HOST_CONFIG_FILE), Json.bytes(c.hostConfig()));
        }
        AtomicFiles.write(c.dir().resolve(CONFIG_FILE), Json.bytes(c.record()));
    }

    /**
     * Most saves (start, exit, removal) change the state, not the host config: reading it back costs far less
     * than the two fsyncs of a durable write.
     */
    private static void writeIfChanged(Path file, byte[] content) throws IOException {
        try {
            if (Arrays.equals(Files.readAllBytes(file), content)) {
                return;
            }
        } catch (NoSuchFileException firstSave) {
            // written below
        }
        AtomicFiles.write(file, content);
    }

    /**
     * Reads every container. Version 1 is what Wharf wrote before formats had versions, with the version file
     * added (the records' readers default fields a record lacks), so an unversioned area needs no rewrite.
     */
    public List<Container> loadAll() throws IOException {
        List<Container> result = new ArrayList<>();
        FormatVersion.open(FormatVersion.Area.CONTAINERS, root, FormatVersion.Migration.NONE);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!ID.matcher(id).matches() || !Files.isRegularFile(dir.resolve(CONFIG_FILE))) {
                    continue;
                }
                try {
                    ContainerRecord record = Json.MAPPER.readValue(dir.resolve(CONFIG_FILE).toFile(),
                            ContainerRecord.class);
                    if (!id.equals(record.id) || record.config == null || record.name() == null) {
                        LOG.warn("skipping container folder {}: inconsistent metadata", dir);
                        continue;
                    }
                    result.add(withHostConfig(record, dir));
                } catch (IOException e) {
                    LOG.warn("skipping container folder {}: {}", dir, e.toString());
                }
            }
        }
        return result;
    }

    /**
     * The container with its host config. Without a readable one the container is still listed (so that it can
     * be inspected and removed) but marked: its confinement (masked paths, capabilities, devices) is unknown, so
     * it must not start.
     */
    private static Container withHostConfig(ContainerRecord record, Path dir) {
        Path file = dir.resolve(HOST_CONFIG_FILE);
        String problem;
        try {
            HostConfig hostConfig = Json.MAPPER.readValue(file.toFile(), HostConfig.class);
            if (hostConfig != null) {
                return new Container(record, hostConfig, dir);
            }
            problem = "it is empty";
        } catch (IOException e) {
            problem = Files.exists(file) ? "it is unreadable: " + e.getMessage() : "it is missing";
        }
        LOG.warn("container {} cannot start: its host configuration {}: {}", record.id, file, problem);
        Container container = new Container(record, new HostConfig(), dir);
        container.hostConfigLost("its host configuration (" + HOST_CONFIG_FILE + ") " + problem);
        return container;
    }

    public void delete(String id) throws IOException {
        DirectoryTrees.delete(dirOf(id));
    }
}
