package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.util.Locale;
import java.util.Map;

/** getrlimit(2) by the names the OCI runtime spec uses ({@code RLIMIT_NOFILE}, ...). */
public final class ResourceLimits {
    /** RLIM_INFINITY, read as a signed long. */
    public static final long UNLIMITED = -1L;

    /** asm-generic numbering, the same on x86_64 and aarch64. */
    private static final Map<String, Integer> RESOURCES = Map.ofEntries(
            Map.entry("RLIMIT_CPU", 0), Map.entry("RLIMIT_FSIZE", 1), Map.entry("RLIMIT_DATA", 2),
            Map.entry("RLIMIT_STACK", 3), Map.entry("RLIMIT_CORE", 4), Map.entry("RLIMIT_RSS", 5),
            Map.entry("RLIMIT_NPROC", 6), Map.entry("RLIMIT_NOFILE", 7), Map.entry("RLIMIT_MEMLOCK", 8),
            Map.entry("RLIMIT_AS", 9), Map.entry("RLIMIT_LOCKS", 10), Map.entry("RLIMIT_SIGPENDING", 11),
            Map.entry("RLIMIT_MSGQUEUE", 12), Map.entry("RLIMIT_NICE", 13), Map.entry("RLIMIT_RTPRIO", 14),
            Map.entry("RLIMIT_RTTIME", 15));

    /** One limit; {@link #UNLIMITED} for infinity. */
    public record Limit(long soft, long hard) {
    }

    private ResourceLimits() {
    }

    public static boolean isKnown(String name) {
        return RESOURCES.containsKey(name.toUpperCase(Locale.ROOT));
    }

    /** This process's limit; {@code name} such as {@code RLIMIT_NOFILE} (case-insensitive). */
    public static Limit current(String name) throws LinuxException {
        Integer resource = RESOURCES.get(name.toUpperCase(Locale.ROOT));
        if (resource == null) {
            throw new LinuxException("unknown resource limit " + name, Errno.EINVAL);
        }
        long[] limit = new long[2];
        try {
            LibC.INSTANCE.getrlimit(resource, limit);
        } catch (LastErrorException e) {
            throw new LinuxException("cannot read resource limit " + name + ": "
                    + LinuxException.strerror(LibC.INSTANCE, e.getErrorCode()), e.getErrorCode());
        }
        return new Limit(limit[0], limit[1]);
    }
}
