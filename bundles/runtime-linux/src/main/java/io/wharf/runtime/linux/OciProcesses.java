package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.OciJson.nullToEmpty;
import static io.wharf.runtime.linux.OciJson.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.linux.ResourceLimits;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The OCI {@code process} of a container or of an exec: argv, user, capabilities and rlimits. */
final class OciProcesses {
    private static final BigInteger UNSIGNED_INFINITY = new BigInteger("18446744073709551615");

    private final ObjectMapper json;
    private final HostInfo host;

    OciProcesses(ObjectMapper json, HostInfo host) {
        this.json = json;
        this.host = host;
    }

    /** The capabilities a container gets: all the daemon's when privileged, else those asked for it has. */
    List<String> capabilities(boolean privileged, List<String> requested) {
        if (privileged) {
            return host.capabilities();
        }
        List<String> caps = Capabilities.normalize(requested != null ? requested : Capabilities.DOCKER_DEFAULT);
        // A capability outside the daemon's own bounding set cannot be granted; asking for it would only make
        // runc fail (e.g. CAP_SYS_RESOURCE with --cap-add ALL on hosts without it).
        caps.retainAll(host.capabilities());
        return caps;
    }

    ObjectNode process(ProcessSpec p, List<String> caps, boolean noNewPrivileges) {
        if (p == null || p.args() == null || p.args().isEmpty()) {
            throw EngineException.invalid("no command specified");
        }
        ObjectNode process = json.createObjectNode();
        process.put("terminal", p.terminal());
        ObjectNode user = process.putObject("user");
        user.put("uid", p.uid());
        user.put("gid", p.gid());
        if (p.additionalGids() != null && !p.additionalGids().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            p.additionalGids().forEach(gids::add);
        }
        process.set("args", strings(json, p.args()));
        process.set("env", strings(json, nullToEmpty(p.env())));
        process.put("cwd", p.cwd() != null && !p.cwd().isEmpty() ? p.cwd() : "/");
        ObjectNode capabilities = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            capabilities.set(set, strings(json, caps));
        }
        // Docker 25+ leaves inheritable and ambient empty (CVE-2022-24769).
        capabilities.putArray("inheritable");
        capabilities.putArray("ambient");
        if (p.rlimits() != null && !p.rlimits().isEmpty()) {
            ArrayNode rlimits = process.putArray("rlimits");
            for (ProcessSpec.Rlimit limit : p.rlimits()) {
                rlimits.add(rlimit(limit));
            }
        }
        process.put("noNewPrivileges", noNewPrivileges);
        return process;
    }

    /**
     * The OCI process of an exec: the exec's own argv, environment, user and terminal; the container's
     * noNewPrivileges and rlimits; the exec's capabilities (all the daemon's when privileged).
     */
    ObjectNode execProcess(ExecSpec exec, JsonNode containerProcess) {
        List<String> caps;
        if (exec.privileged()) {
            caps = host.capabilities();
        } else if (exec.capabilities() != null) {
            caps = capabilities(false, exec.capabilities());
        } else {
            caps = new ArrayList<>();
            containerProcess.path("capabilities").path("bounding").forEach(c -> caps.add(c.asText()));
        }
        ProcessSpec p = exec.process();
        String cwd = p.cwd() != null && !p.cwd().isEmpty() ? p.cwd() : containerProcess.path("cwd").asText("/");
        ProcessSpec withCwd = new ProcessSpec(p.args(), p.env(), cwd, p.uid(), p.gid(), p.additionalGids(),
                p.terminal(), p.openStdin(), List.of());
        ObjectNode process = process(withCwd, caps, containerProcess.path("noNewPrivileges").asBoolean(false));
        if (containerProcess.has("rlimits")) {
            process.set("rlimits", containerProcess.get("rlimits"));
        }
        for (String confinement : List.of("apparmorProfile", "selinuxLabel")) { // an exec is confined alike
            if (containerProcess.has(confinement)) {
                process.set(confinement, containerProcess.get(confinement));
            }
        }
        return process;
    }

    /** Clamps to the host's hard limit: raising a hard limit needs CAP_SYS_RESOURCE, which the daemon may lack. */
    ObjectNode rlimit(ProcessSpec.Rlimit limit) {
        String type = limit.type().toUpperCase(Locale.ROOT);
        if (!type.startsWith("RLIMIT_")) {
            type = "RLIMIT_" + type;
        }
        if (!ResourceLimits.isKnown(type)) {
            throw EngineException.invalid("invalid ulimit type: %s", limit.type());
        }
        long hostHard = host.hardLimit(type);
        long hard = clamp(limit.hard(), hostHard);
        long soft = clamp(limit.soft(), hard);
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        putUnsigned(node, "hard", hard);
        putUnsigned(node, "soft", soft);
        return node;
    }

    /** min(value, ceiling) where a negative value means unlimited (RLIM_INFINITY). */
    private static long clamp(long value, long ceiling) {
        if (ceiling < 0) {
            return value;
        }
        return value < 0 ? ceiling : Math.min(value, ceiling);
    }

    private static void putUnsigned(ObjectNode node, String field, long value) {
        if (value < 0) {
            node.put(field, UNSIGNED_INFINITY);
        } else {
            node.put(field, value);
        }
    }
}
