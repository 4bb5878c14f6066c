package io.wharf.volume.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A volume's {@code opts.json}: written atomically at create, read when the driver starts. */
final class OptionsFile {
    static final String NAME = "opts.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private OptionsFile() {
    }

    static void write(Path volumeRoot, MountOptions options) throws IOException {
        AtomicFiles.write(volumeRoot.resolve(NAME), MAPPER.writeValueAsBytes(options));
    }

    /** The stored options, or null for a plain volume (no file, or the empty options older dockerds wrote). */
    static MountOptions read(Path volumeRoot) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(volumeRoot.resolve(NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        MountOptions options = MAPPER.readValue(content, MountOptions.class);
        return options != null && options.needsMount() ? options : null;
    }
}
