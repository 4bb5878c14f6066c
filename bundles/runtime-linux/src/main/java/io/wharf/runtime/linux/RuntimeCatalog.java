package io.wharf.runtime.linux;

import io.wharf.api.config.RuntimeDefinition;
import io.wharf.api.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtimes a container may name: runc and crun (found on the search path) and the daemon's configured ones.
 * A runtime whose binary is missing stays listed, so choosing it gives a clear error rather than "unknown".
 */
final class RuntimeCatalog {
    static final String SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String defaultName;
    private final Map<String, RuntimeDefinition> definitions = new LinkedHashMap<>();
    private final Path execRoot;
    private final String searchPath;

    RuntimeCatalog(String defaultName, Map<String, RuntimeDefinition> configured, Path execRoot, String searchPath) {
        this.defaultName = defaultName != null ? defaultName : "runc";
        this.execRoot = execRoot;
        this.searchPath = searchPath;
        definitions.put("runc", new RuntimeDefinition("runc", List.of()));
        definitions.put("crun", new RuntimeDefinition("crun", List.of()));
        if (configured != null) {
            definitions.putAll(configured);
        }
        if (!definitions.containsKey(this.defaultName)) {
            throw new IllegalArgumentException("the default runtime " + this.defaultName + " is not configured");
        }
    }

    String defaultName() {
        return defaultName;
    }

    /** Names, the default first. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(defaultName);
        definitions.keySet().stream().filter(n -> !n.equals(defaultName)).forEach(names::add);
        return names;
    }

    /** The runtime called {@code name} (null or empty: the default). */
    OciRuntime resolve(String name) {
        String wanted = name == null || name.isEmpty() ? defaultName : name;
        RuntimeDefinition definition = definitions.get(wanted);
        if (definition == null) {
            throw EngineException.invalid("unknown or invalid runtime name: %s", wanted);
        }
        String program = definition.path() != null && !definition.path().isEmpty() ? definition.path() : wanted;
        Path binary = find(program);
        if (binary == null) {
            throw EngineException.unavailable("the OCI runtime %s is not available on this host: %s was not found "
                    + "(searched %s); install it or choose another runtime with --runtime", wanted, program,
                    program.contains("/") ? program : searchPath);
        }
        List<String> args = definition.runtimeArgs() != null ? List.copyOf(definition.runtimeArgs()) : List.of();
        return new OciRuntime(wanted, binary, args, stateRoot(wanted));
    }

    /** One private state root per runtime, so Wharf never sees another engine's containers. */
    Path stateRoot(String runtimeName) {
        return execRoot.resolve(runtimeName.equals("runc") ? "runc-state" : "runtime-" + runtimeName);
    }

    private Path find(String program) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? path : null;
        }
        for (String dir : searchPath.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
