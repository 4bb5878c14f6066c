package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Docker-format seccomp profile into the OCI {@code linux.seccomp} object, as moby's
 * {@code profiles/seccomp.setupSeccomp} does: keeps the host architecture and its sub-architectures from
 * {@code archMap}, and keeps a syscall rule only when its {@code includes} hold and its {@code excludes} do not,
 * judged by the container's capabilities, the host architecture and the kernel version.
 */
final class SeccompConverter {
    private static final String DEFAULT_PROFILE = "seccomp-default.json";
    /** Go architecture to the libseccomp name of the native architecture (moby's nativeToSeccomp). */
    private static final Map<String, String> NATIVE_ARCH = Map.ofEntries(
            Map.entry("amd64", "SCMP_ARCH_X86_64"), Map.entry("386", "SCMP_ARCH_X86"),
            Map.entry("arm64", "SCMP_ARCH_AARCH64"), Map.entry("arm", "SCMP_ARCH_ARM"),
            Map.entry("ppc64le", "SCMP_ARCH_PPC64LE"), Map.entry("s390x", "SCMP_ARCH_S390X"),
            Map.entry("riscv64", "SCMP_ARCH_RISCV64"), Map.entry("loong64", "SCMP_ARCH_LOONGARCH64"),
            Map.entry("mips64", "SCMP_ARCH_MIPS64"), Map.entry("mips64le", "SCMP_ARCH_MIPSEL64"));

    private final ObjectMapper json;
    private final String goArch;
    private final HostInfo.KernelVersion kernel;
    private final JsonNode defaultProfile;

    SeccompConverter(ObjectMapper json, String goArch, HostInfo.KernelVersion kernel) {
        this.json = json;
        this.goArch = goArch;
        this.kernel = kernel;
        this.defaultProfile = loadDefault(json);
    }

    /** Docker's default profile (moby/profiles), as shipped in this bundle. */
    JsonNode defaultProfile() {
        return defaultProfile;
    }

    /** Parses a user-supplied profile; a syntax error is the client's fault. */
    JsonNode parse(String profile) {
        try {
            JsonNode node = json.readTree(profile);
            if (node == null || !node.isObject()) {
                throw EngineException.invalid("Decoding seccomp profile failed: the profile is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw EngineException.invalid("Decoding seccomp profile failed: %s", e.getOriginalMessage());
        }
    }

    /**
     * The OCI seccomp object for a container holding {@code capabilities}, or null when the profile disables
     * seccomp (no default action and no rules).
     */
    ObjectNode convert(JsonNode profile, Collection<String> capabilities) {
        String defaultAction = profile.path("defaultAction").asText("");
        JsonNode syscalls = profile.path("syscalls");
        if (defaultAction.isEmpty() && syscalls.size() == 0) {
            return null;
        }
        JsonNode architectures = profile.path("architectures");
        JsonNode archMap = profile.path("archMap");
        if (architectures.size() > 0 && archMap.size() > 0) {
            throw EngineException.invalid("'architectures' and 'archMap' were specified in the seccomp profile, "
                    + "use either 'architectures' or 'archMap'");
        }
        ObjectNode oci = json.createObjectNode();
        oci.put("defaultAction", defaultAction);
        copyIfPresent(profile, oci, "defaultErrnoRet");
        ArrayNode arches = oci.putArray("architectures");
        architectures.forEach(arches::add);
        String nativeArch = NATIVE_ARCH.get(goArch);
        for (JsonNode entry : archMap) {
            if (entry.path("architecture").asText().equals(nativeArch)) {
                arches.add(nativeArch);
                entry.path("subArchitectures").forEach(arches::add);
            }
        }
        copyIfPresent(profile, oci, "flags");
        copyIfPresent(profile, oci, "listenerPath");
        copyIfPresent(profile, oci, "listenerMetadata");
        ArrayNode rules = oci.putArray("syscalls");
        Set<String> caps = Set.copyOf(capabilities);
        for (JsonNode call : syscalls) {
            if (applies(call, caps)) {
                rules.add(rule(call));
            }
        }
        return oci;
    }

    private boolean applies(JsonNode call, Set<String> caps) {
        JsonNode excludes = call.path("excludes");
        if (excludes.isObject()) {
            if (contains(excludes.path("arches"), goArch) || anyIn(excludes.path("caps"), caps)) {
                return false;
            }
            if (hasText(excludes, "minKernel") && kernelAtLeast(excludes.path("minKernel").asText())) {
                return false;
            }
        }
        JsonNode includes = call.path("includes");
        if (includes.isObject()) {
            if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), goArch)) {
                return false;
            }
            if (!allIn(includes.path("caps"), caps)) {
                return false;
            }
            if (hasText(includes, "minKernel") && !kernelAtLeast(includes.path("minKernel").asText())) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode rule(JsonNode call) {
        ObjectNode rule = json.createObjectNode();
        ArrayNode names = rule.putArray("names");
        if (hasText(call, "name")) {
            if (call.path("names").size() > 0) {
                throw EngineException.invalid("seccomp profile: use either 'name' or 'names', not both");
            }
            names.add(call.path("name").asText());
        } else {
            call.path("names").forEach(names::add);
        }
        rule.put("action", call.path("action").asText());
        copyIfPresent(call, rule, "errnoRet");
        JsonNode args = call.path("args");
        if (args.size() > 0) {
            ArrayNode ociArgs = rule.putArray("args");
            for (JsonNode arg : args) {
                ObjectNode ociArg = ociArgs.addObject();
                ociArg.put("index", arg.path("index").asLong());
                ociArg.set("value", arg.path("value"));
                if (arg.has("valueTwo")) {
                    ociArg.set("valueTwo", arg.get("valueTwo"));
                }
                ociArg.put("op", arg.path("op").asText());
            }
        }
        return rule;
    }

    private boolean kernelAtLeast(String minKernel) {
        try {
            return kernel.compareTo(HostInfo.KernelVersion.parse(minKernel)) >= 0;
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("seccomp profile: invalid minKernel %s", minKernel);
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyIn(JsonNode names, Set<String> caps) {
        for (JsonNode name : names) {
            if (caps.contains(name.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allIn(JsonNode names, Set<String> caps) {
        for (JsonNode name : names) {
            if (!caps.contains(name.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasText(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isEmpty();
    }

    private static void copyIfPresent(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull() && !(value.isContainerNode() && value.size() == 0)) {
            to.set(field, value);
        }
    }

    private static JsonNode loadDefault(ObjectMapper json) {
        try (InputStream in = SeccompConverter.class.getResourceAsStream(DEFAULT_PROFILE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its default seccomp profile " + DEFAULT_PROFILE);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default seccomp profile", e);
        }
    }
}
