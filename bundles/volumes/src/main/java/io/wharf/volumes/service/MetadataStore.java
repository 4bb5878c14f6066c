package io.wharf.volumes.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import io.wharf.support.AtomicFiles;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <data-root>/volumes-meta/NAME.json}, one file per volume, written atomically, all held in memory.
 * Names that are not plain file names (a plugin may accept any) are percent-encoded in the file name.
 */
final class MetadataStore {
    private static final int NAME_MAX = 255;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    private static final String SUFFIX = ".json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final Map<String, VolumeMetadata> byName = new ConcurrentHashMap<>();

    MetadataStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        // version 1 is the unversioned format with the version file added: nothing to rewrite
        FormatVersion.open(FormatVersion.Area.VOLUMES, dir, FormatVersion.Migration.NONE);
        load();
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue; // a temporary file of an interrupted write
                }
                try {
                    VolumeMetadata m = MAPPER.readValue(file.toFile(), VolumeMetadata.class);
                    if (m != null && m.name() != null && m.driver() != null) {
                        byName.put(m.name(), m);
                    }
                } catch (IOException e) {
                    LOG.warn("ignoring unreadable volume metadata {}: {}", file, e.getMessage());
                }
            }
        }
    }

    VolumeMetadata get(String name) {
        return name == null ? null : byName.get(name);
    }

    List<VolumeMetadata> all() {
        return new ArrayList<>(byName.values());
    }

    void put(VolumeMetadata metadata) throws IOException {
        AtomicFiles.write(dir.resolve(fileName(metadata.name())), MAPPER.writeValueAsBytes(metadata));
        byName.put(metadata.name(), metadata);
    }

    void remove(String name) throws IOException {
        AtomicFiles.delete(dir.resolve(fileName(name)));
        byName.remove(name);
    }

    /**
     * Refuses a name whose metadata file (and AtomicFiles' temporary ".NAME.json.UUID.tmp" beside it) would be
     * longer than a file name may be (NAME_MAX, 255 bytes): the client's mistake, told before any driver acts.
     */
    static void requireStorableName(String name) {
        int tempFileBytes = 1 + fileName(name).length() + 1 + 36 + ".tmp".length();
        if (tempFileBytes > NAME_MAX) {
            throw EngineException.invalid("create %s: volume name is too long", name);
        }
    }

    /** The name itself when it is a safe file name (local volume names always are), else percent-encoded. */
    static String fileName(String name) {
        StringBuilder b = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || (c == '.' && i > 0);
            if (plain) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.append(SUFFIX).toString();
    }
}
