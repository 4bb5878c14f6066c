package io.wharf.plugins.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds legacy plugins as dockerd's pkg/plugins does: a socket {@code NAME.sock} or {@code NAME/NAME.sock} in the
 * sockets directory first, then {@code NAME.spec} (one URL) or {@code NAME.json} ({@code Name}, {@code Addr},
 * {@code TLSConfig}), directly or in {@code NAME/}, in each spec directory in order.
 */
public final class PluginDiscovery {
    /** A name that cannot leave the directories (dockerd accepts any; a driver name comes from clients). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path socketsDir;
    private final List<Path> specDirs;

    public PluginDiscovery(Path socketsDir, List<Path> specDirs) {
        this.socketsDir = socketsDir;
        this.specDirs = List.copyOf(specDirs);
    }

    private record JsonSpec(@JsonProperty("Name") String name, @JsonProperty("Addr") String addr,
                            @JsonProperty("TLSConfig") JsonTls tls) {
    }

    private record JsonTls(@JsonProperty("InsecureSkipVerify") boolean insecureSkipVerify,
                           @JsonProperty("CAFile") String caFile, @JsonProperty("CertFile") String certFile,
                           @JsonProperty("KeyFile") String keyFile) {
    }

    /** The plugin of that name, or empty when nothing names it; a spec that cannot be read is an IOException. */
    public Optional<PluginAddress> find(String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        for (Path p : candidates(socketsDir, name, ".sock")) {
            if (isSocket(p)) {
                return Optional.of(new PluginAddress(name, URI.create("unix://" + p.toAbsolutePath()), null));
            }
        }
        for (Path dir : specDirs) {
            for (String ext : List.of(".spec", ".json")) {
                for (Path p : candidates(dir, name, ext)) {
                    if (Files.isRegularFile(p)) {
                        return Optional.of(ext.equals(".json") ? readJson(name, p) : readSpec(name, p));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The names of every plugin present now (sockets and specs), sorted. */
    public List<String> scan() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        collect(socketsDir, ".sock", names);
        for (Path dir : specDirs) {
            collect(dir, ".spec", names);
            collect(dir, ".json", names);
        }
        return List.copyOf(names);
    }

    private static void collect(Path dir, String ext, TreeSet<String> names) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.forEach(p -> {
                String file = p.getFileName().toString();
                if (!file.endsWith(ext)) {
                    return;
                }
                String name = file.substring(0, file.length() - ext.length());
                boolean placed = p.getParent().equals(dir) || p.getParent().getFileName().toString().equals(name);
                boolean usable = ext.equals(".sock") ? isSocket(p) : Files.isRegularFile(p);
                if (placed && usable && NAME.matcher(name).matches()) {
                    names.add(name);
                }
            });
        }
    }

    private static List<Path> candidates(Path dir, String name, String ext) {
        return List.of(dir.resolve(name + ext), dir.resolve(name).resolve(name + ext));
    }

    private static boolean isSocket(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isOther(); // a unix socket: neither file, directory nor link
        } catch (IOException e) {
            return false;
        }
    }

    static PluginAddress readSpec(String name, Path file) throws IOException {
        return new PluginAddress(name, parseAddress(Files.readString(file).trim(), file), null);
    }

    static PluginAddress readJson(String name, Path file) throws IOException {
        JsonSpec spec;
        try {
            spec = JSON.readValue(file.toFile(), JsonSpec.class);
        } catch (IOException e) {
            throw new IOException("cannot read plugin spec " + file + ": " + e.getMessage(), e);
        }
        if (spec == null || spec.addr() == null || spec.addr().isBlank()) {
            throw new IOException("plugin spec " + file + " has no Addr");
        }
        PluginAddress.TlsOptions tls = null;
        if (spec.tls() != null) {
            JsonTls t = spec.tls();
            boolean skip = t.insecureSkipVerify() || t.caFile() == null || t.caFile().isEmpty();
            tls = new PluginAddress.TlsOptions(skip, t.caFile(), t.certFile(), t.keyFile());
        }
        return new PluginAddress(name, parseAddress(spec.addr().trim(), file), tls);
    }

    private static URI parseAddress(String text, Path file) throws IOException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IOException("plugin spec " + file + ": " + e.getMessage(), e);
        }
        if (uri.getScheme() == null) {
            throw new IOException("plugin spec " + file + ": Unknown protocol in " + text);
        }
        return uri;
    }
}
