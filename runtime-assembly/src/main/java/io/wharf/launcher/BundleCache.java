package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides whether Felix may start from the bundle cache the previous run left in the exec root. Starting from
 * the cache skips installing every bundle again (a fifth of the start time); it is safe only while the
 * distribution's bundle set is unchanged, which a fingerprint of the jars (path, size, modification time)
 * tells. Any change, or a cache without a fingerprint, starts clean.
 */
final class BundleCache {
    private static final String FINGERPRINT_FILE = "wharf-bundles.fingerprint";
    private final Path cacheDir;
    private final String fingerprint;

    BundleCache(Path cacheDir, Path bundlesDir) throws IOException {
        this.cacheDir = cacheDir;
        this.fingerprint = fingerprint(bundlesDir);
    }

    /** Felix's {@code org.osgi.framework.storage.clean}: keep the cache only for the same bundle set. */
    String cleanPolicy() {
        try {
            Path file = cacheDir.resolve(FINGERPRINT_FILE);
            if (Files.isRegularFile(file) && Files.readString(file).equals(fingerprint)) {
                return "none";
            }
        } catch (IOException unreadable) {
            // start clean
        }
        return "onFirstInit";
    }

    /** Records the bundle set once the framework has installed it (a crash before that leaves no fingerprint). */
    void recordInstalled() throws IOException {
        Path tmp = cacheDir.resolve(FINGERPRINT_FILE + ".tmp");
        Files.writeString(tmp, fingerprint);
        Files.move(tmp, cacheDir.resolve(FINGERPRINT_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forgets the fingerprint, so that the next start is clean (the cache may be half-written). */
    void invalidate() {
        try {
            Files.deleteIfExists(cacheDir.resolve(FINGERPRINT_FILE));
        } catch (IOException ignored) {
            // the next start compares and finds no match anyway
        }
    }

    static String fingerprint(Path bundlesDir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(bundlesDir)) {
            try (Stream<Path> files = Files.walk(bundlesDir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    lines.add(bundlesDir.relativize(p) + " " + Files.size(p) + " "
                            + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
