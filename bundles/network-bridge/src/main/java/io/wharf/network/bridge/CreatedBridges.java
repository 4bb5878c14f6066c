package io.wharf.network.bridge;

import io.wharf.support.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bridges this driver created, one name a line in a file that survives daemon restarts (it lives under the
 * exec root, so it goes with a reboot, as do the bridges). Only these are ever deleted: a bridge the user made
 * and named with {@code com.docker.network.bridge.name} is used but left alone.
 */
final class CreatedBridges {
    private final Path file;
    private final Set<String> names = new TreeSet<>();

    CreatedBridges(Path file) throws IOException {
        this.file = file;
        try {
            Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(line -> !line.isEmpty()).forEach(names::add);
        } catch (NoSuchFileException e) {
            // nothing created yet
        }
    }

    synchronized boolean contains(String bridge) {
        return names.contains(bridge);
    }

    synchronized Set<String> all() {
        return Set.copyOf(names);
    }

    synchronized void add(String bridge) throws IOException {
        if (names.add(bridge)) {
            save();
        }
    }

    synchronized void removeAll(Set<String> bridges) throws IOException {
        if (names.removeAll(bridges)) {
            save();
        }
    }

    /** A crash leaves the old list or the new one, never half a file; a saved list survives a power loss. */
    private void save() throws IOException {
        AtomicFiles.write(file, (names.isEmpty() ? "" : String.join("\n", names) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
