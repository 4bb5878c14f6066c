package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads what {@code docker plugin create} sends: a tar (gzipped with {@code --compress}) of a folder holding
 * {@code config.json} and {@code rootfs/}. For a Wharf plugin rootfs/ holds the bundle: exactly one {@code .jar}
 * anywhere under it (or, for clients that send no rootfs/, beside config.json). Only those two entries are
 * read; the rest is skipped, and nothing is written but the jar.
 */
public final class CreateContext {
    private static final int MAX_CONFIG = 1024 * 1024;

    /** The config's bytes; the jar is in the file given to {@link #read}. */
    public record Contents(byte[] config) {
    }

    private CreateContext() {
    }

    /** Only config.json's bytes, to tell a Wharf plugin's context from a Docker plugin's before reading it. */
    public static byte[] configOf(InputStream body) throws IOException {
        boolean entries = false;
        try (TarArchiveInputStream tar = open(body)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries = true;
                if (entry.isFile() && entry.getName().replaceFirst("^(\\./)+", "").equals("config.json")) {
                    byte[] config = tar.readNBytes(MAX_CONFIG + 1);
                    if (config.length > MAX_CONFIG) {
                        throw EngineException.invalid("config.json is larger than %d bytes", MAX_CONFIG);
                    }
                    return config;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("the plugin context is not a tar archive: %s", e.getMessage());
        }
        throw EngineException.invalid(entries ? "config.json is missing from the plugin context"
                : "the plugin context is not a tar archive (or an empty one)");
    }

    private static TarArchiveInputStream open(InputStream body) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new TarArchiveInputStream(gzip ? new GzipCompressorInputStream(in) : in);
    }

    public static Contents read(InputStream body, Path jarTarget) throws IOException {
        byte[] config = null;
        boolean jarSeen = false;
        int entries = 0;
        try (TarArchiveInputStream tar = open(body)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries++;
                String name = entry.getName().replaceFirst("^(\\./)+", "");
                if (!entry.isFile()) {
                    continue;
                }
                if (name.equals("config.json")) {
                    config = tar.readNBytes(MAX_CONFIG + 1);
                    if (config.length > MAX_CONFIG) {
                        throw EngineException.invalid("config.json is larger than %d bytes", MAX_CONFIG);
                    }
                } else if (name.endsWith(".jar") && (name.startsWith("rootfs/") || !name.contains("/"))) {
                    if (jarSeen) {
                        throw EngineException.invalid(
                                "the context holds more than one .jar: a Wharf plugin is one bundle");
                    }
                    jarSeen = true;
                    try (OutputStream out = Files.newOutputStream(jarTarget)) {
                        tar.transferTo(out);
                    }
                }
            }
        } catch (IOException e) {
            if (config == null && !jarSeen) {
                throw EngineException.invalid("the plugin context is not a tar archive: %s", e.getMessage());
            }
            throw e;
        }
        if (entries == 0) {
            throw EngineException.invalid("the plugin context is not a tar archive (or an empty one)");
        }
        if (config == null) {
            throw EngineException.invalid("config.json is missing from the plugin context");
        }
        if (!jarSeen) {
            throw EngineException.invalid("rootfs/ holds no .jar: a Wharf plugin's rootfs holds its bundle jar");
        }
        return new Contents(config);
    }
}
