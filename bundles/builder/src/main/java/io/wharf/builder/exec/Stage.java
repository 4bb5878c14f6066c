package io.wharf.builder.exec;

import io.wharf.api.image.Image;
import io.wharf.api.model.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stage while it builds: the image its last step made (null for {@code FROM scratch} before any step), the
 * runtime config the next step starts from, and the ARGs declared in it with their values.
 */
final class Stage {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    /** moby's system.DefaultPathEnv for Linux, which every stage's environment gets when it has no PATH. */
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    final String name;
    Image image;
    ContainerConfig config;
    /** Declared ARGs in order; a null value is declared but unset. */
    final Map<String, String> args = new LinkedHashMap<>();
    String author;
    /** Whether CMD was set in this stage (an ENTRYPOINT then keeps it). */
    boolean cmdSet;
    /** The {@code --cache-from} images this stage may take steps from (none without the option). */
    CacheFromImages cacheFrom = CacheFromImages.none();

    Stage(String name, Image base) {
        this.name = name;
        this.image = base;
        ContainerConfig inherited = base == null || base.config().config() == null ? ContainerConfig.empty()
                : base.config().config();
        this.config = withDefaultPath(inherited);
    }

    /** As the classic builder's beginStage: a PATH is added, and so recorded in the image, when none is set. */
    private static ContainerConfig withDefaultPath(ContainerConfig config) {
        List<String> env = config.env() == null ? List.of() : config.env();
        if (env.stream().anyMatch(kv -> kv.startsWith("PATH="))) {
            return config;
        }
        List<String> withPath = new ArrayList<>(env);
        withPath.add(DEFAULT_PATH);
        return config.withEnv(withPath);
    }

    List<String> shell() {
        return config.shell() == null || config.shell().isEmpty() ? DEFAULT_SHELL : config.shell();
    }

    /** A variable for substitution: the image's environment wins over ARGs, as in Docker. */
    String lookup(String name) {
        for (String kv : env()) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return kv.substring(eq + 1);
            }
        }
        return args.get(name);
    }

    List<String> env() {
        return config.env() == null ? List.of() : config.env();
    }

    /**
     * The ARGs with values that a RUN sees, sorted by name, left out where ENV sets the same name (Docker's
     * FilterAllowed): they go into the RUN's environment and its history text, never into the image.
     */
    List<String> runArgs() {
        List<String> out = new ArrayList<>();
        args.entrySet().stream().filter(e -> e.getValue() != null).filter(e -> !envHas(e.getKey()))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(e.getKey() + "=" + e.getValue()));
        return out;
    }

    private boolean envHas(String key) {
        return env().stream().anyMatch(kv -> kv.startsWith(key + "="));
    }
}
