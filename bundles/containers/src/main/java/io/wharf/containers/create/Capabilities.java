package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Capability sets as moby's oci/caps computes them. */
public final class Capabilities {
    /** Docker's default set (oci/caps/defaults.go). */
    public static final List<String> DEFAULTS = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    /** Every capability, indexed by its number. */
    private static final List<String> KNOWN = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");
    private static final String ALL = "ALL";

    private Capabilities() {
    }

    /** The capabilities this kernel knows (up to /proc/sys/kernel/cap_last_cap). */
    public static List<String> all() {
        int last = KNOWN.size() - 1;
        try {
            // procfs reports a size of 0 (or 4096): read lines, not "the whole file by its size"
            try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/kernel/cap_last_cap"))) {
                last = Math.min(last, Integer.parseInt(r.readLine().trim()));
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or /proc is not mounted: assume every known capability
        }
        return KNOWN.subList(0, last + 1);
    }

    /** Upper-cases and adds the CAP_ prefix; 400 for unknown names. {@code ALL} stays as is. */
    public static List<String> normalize(List<String> caps) {
        List<String> result = new ArrayList<>();
        if (caps == null) {
            return result;
        }
        for (String c : caps) {
            String name = c.trim().toUpperCase(Locale.ROOT);
            if (name.equals(ALL)) {
                result.add(ALL);
                continue;
            }
            if (!name.startsWith("CAP_")) {
                name = "CAP_" + name;
            }
            if (!KNOWN.contains(name)) {
                throw EngineException.invalid("unknown capability: \"%s\"", name);
            }
            result.add(name);
        }
        return result;
    }

    /** moby's TweakCapabilities. */
    public static List<String> effective(List<String> capAdd, List<String> capDrop, boolean privileged) {
        if (privileged) {
            return all();
        }
        List<String> adds = normalize(capAdd);
        List<String> drops = normalize(capDrop);
        if (adds.isEmpty() && drops.isEmpty()) {
            return DEFAULTS;
        }
        List<String> caps = new ArrayList<>();
        if (adds.contains(ALL)) {
            for (String c : all()) {
                if (!drops.contains(c)) {
                    caps.add(c);
                }
            }
        } else if (drops.contains(ALL)) {
            caps.addAll(adds);
        } else {
            for (String c : DEFAULTS) {
                if (!drops.contains(c)) {
                    caps.add(c);
                }
            }
            for (String c : adds) {
                if (!caps.contains(c)) {
                    caps.add(c);
                }
            }
        }
        return caps;
    }
}
