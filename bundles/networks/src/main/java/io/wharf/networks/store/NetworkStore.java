package io.wharf.networks.store;

import io.wharf.support.Json;
import io.wharf.support.AtomicFiles;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON file per network and per endpoint under {@code <data-root>/network}, each written atomically. */
public final class NetworkStore {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkStore.class);
    private final Path networks;
    private final Path endpoints;

    /**
     * Opens the store. Version 1 added the IPv6 fields (ipam6, ipv6Address...), which records of the unversioned
     * format lack and read as absent (IPv4 only), so an unversioned area needs no rewrite.
     */
    public NetworkStore(Path root) throws IOException {
        FormatVersion.open(FormatVersion.Area.NETWORKS, root, FormatVersion.Migration.NONE);
        this.networks = Files.createDirectories(root.resolve("networks"));
        this.endpoints = Files.createDirectories(root.resolve("endpoints"));
    }

    public List<NetworkRecord> loadNetworks() throws IOException {
        return load(networks, NetworkRecord.class);
    }

    public List<EndpointRecord> loadEndpoints() throws IOException {
        return load(endpoints, EndpointRecord.class);
    }

    public void save(NetworkRecord n) throws IOException {
        AtomicFiles.write(networks.resolve(n.id() + ".json"), Json.prettyBytes(n));
    }

    public void delete(NetworkRecord n) throws IOException {
        AtomicFiles.delete(networks.resolve(n.id() + ".json"));
    }

    public void save(EndpointRecord e) throws IOException {
        AtomicFiles.write(endpoints.resolve(e.id() + ".json"), Json.prettyBytes(e));
    }

    public void delete(EndpointRecord e) throws IOException {
        AtomicFiles.delete(endpoints.resolve(e.id() + ".json"));
    }

    private static <T> List<T> load(Path dir, Class<T> type) throws IOException {
        // temp files of writes a crash interrupted; the file they were to replace is intact
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : leftovers) {
                Files.deleteIfExists(f);
            }
        }
        List<T> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    records.add(Json.MAPPER.readValue(f.toFile(), type));
                } catch (IOException e) {
                    // a file we cannot read is kept for inspection rather than silently dropped
                    LOG.warn("ignoring unreadable network state file {}: {}", f, e.getMessage());
                }
            }
        }
        return records;
    }
}
