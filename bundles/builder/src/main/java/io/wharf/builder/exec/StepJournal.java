package io.wharf.builder.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The step containers a build has made and not yet removed or kept, one empty file per container ID under
 * {@code <builder home>/steps}. A daemon killed mid-build leaves their names here, so the next start can remove
 * the containers the crashed build still owned (a RUN step's container is even still running under its monitor).
 */
final class StepJournal {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;

    StepJournal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** Notes a step container just made. */
    void record(String containerId) throws IOException {
        Files.write(directory.resolve(checked(containerId)), new byte[0]);
    }

    /** The container was removed, or kept on purpose (a failed step's, for inspection). */
    void forget(String containerId) throws IOException {
        Files.deleteIfExists(directory.resolve(checked(containerId)));
    }

    /** The containers noted and not forgotten: those of builds that never finished. */
    List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> ID.matcher(n).matches()).sorted()
                    .toList();
        }
    }

    private static String checked(String containerId) {
        if (!ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("not a container ID: " + containerId);
        }
        return containerId;
    }
}
