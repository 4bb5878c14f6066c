package io.wharf.engine;

import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The engine's persistent ID (docker info's ID), created once under the data root. */
final class EngineIdentity {
    private EngineIdentity() {
    }

    static String load(Path dataRoot) throws IOException {
        Path file = dataRoot.resolve("engine-id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = UUID.randomUUID().toString();
        AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
        return id;
    }
}
