package io.wharf.runtime.linux;

import io.wharf.api.errors.EngineException;
import io.wharf.support.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Docker's {@code docker-default} AppArmor profile (moby's profiles/apparmor template): generated, and loaded
 * with apparmor_parser whenever a container needs it and the kernel does not have it (something such as an
 * unattended upgrade may have unloaded it since, so it is checked before every use, as dockerd does).
 */
class AppArmorProfiles {
    static final String DEFAULT = "docker-default";
    private static final Duration PARSER_TIMEOUT = Duration.ofSeconds(30);

    private final Path securityFs;
    private final Path profileDirectory;
    private final Path parser;

    /**
     * @param securityFs       AppArmor's securityfs folder, /sys/kernel/security/apparmor
     * @param profileDirectory where the host keeps profile includes, /etc/apparmor.d
     * @param parser           apparmor_parser
     */
    AppArmorProfiles(Path securityFs, Path profileDirectory, Path parser) {
        this.securityFs = securityFs;
        this.profileDirectory = profileDirectory;
        this.parser = parser;
    }

    static AppArmorProfiles forHost() {
        Path parser = Path.of("/sbin/apparmor_parser");
        if (!Files.isExecutable(parser)) {
            parser = Path.of("/usr/sbin/apparmor_parser");
        }
        return new AppArmorProfiles(Path.of("/sys/kernel/security/apparmor"), Path.of("/etc/apparmor.d"), parser);
    }

    /** Loads {@code docker-default} unless the kernel has it; Docker's message when that fails. */
    void ensureDefaultLoaded() {
        try {
            if (!isLoaded(DEFAULT)) {
                load(defaultProfile(DEFAULT, daemonProfile()));
            }
        } catch (IOException e) {
            throw EngineException.system("AppArmor enabled on system but the " + DEFAULT
                    + " profile could not be loaded: " + e.getMessage(), e);
        }
    }

    boolean isLoaded(String name) throws IOException {
        for (String line : Files.readAllLines(securityFs.resolve("profiles"), StandardCharsets.UTF_8)) {
            if (line.startsWith(name + " ")) {
                return true;
            }
        }
        return false;
    }

    private void load(String profile) throws IOException {
        Path dir = Files.createTempDirectory("wharf-apparmor",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve(DEFAULT);
        try {
            Files.writeString(file, profile);
            ChildProcesses.Result r = ChildProcesses.run(List.of(parser.toString(), "-Kr", file.toString()), null,
                    true, PARSER_TIMEOUT);
            if (!r.ok()) {
                throw new IOException("parser error(" + (r.stdout() + r.stderr()).strip() + ")");
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** The daemon's own profile, which may signal containers ("unconfined" when it has none). */
    static String daemonProfile() {
        try {
            String current = Files.readString(Path.of("/proc/self/attr/current")).strip();
            String name = current.split(" ", 2)[0]; // "name (enforce)"
            return name.isEmpty() ? "unconfined" : name;
        } catch (IOException e) {
            return "unconfined";
        }
    }

    /** The profile's text, with the host's tunables and base abstractions when it has them. */
    String defaultProfile(String name, String daemonProfile) {
        boolean tunables = Files.exists(profileDirectory.resolve("tunables/global"));
        boolean base = Files.exists(profileDirectory.resolve("abstractions/base"));
        return (tunables ? "#include <tunables/global>\n" : "@{PROC}=/proc/\n")
                + "\nprofile " + name + " flags=(attach_disconnected,mediate_deleted) {\n"
                + (base ? "  #include <abstractions/base>\n" : "")
                + """

                  network,
                  capability,
                  file,
                  umount,
                  # Host (privileged) processes may send signals to container processes.
                  signal (receive) peer=unconfined,
                  # The OCI runtime, confined on some hosts, signals container processes (docker kill, stop).
                  signal (receive) peer=runc,
                  signal (receive) peer=crun,
                  # The daemon may send signals to container processes.
                  signal (receive) peer=%2$s,
                  # Container processes may send signals amongst themselves.
                  signal (send,receive) peer=%1$s,

                  deny @{PROC}/* w,   # deny write for all files directly in /proc (not in a subdir)
                  # deny write to files not in /proc/<number>/** or /proc/sys/**
                  deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,
                  deny @{PROC}/sys/[^k]** w,  # deny /proc/sys except /proc/sys/k* (effectively /proc/sys/kernel)
                  deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,  # deny everything except shm* in /proc/sys/kernel/
                  deny @{PROC}/sysrq-trigger rwklx,
                  deny @{PROC}/kcore rwklx,

                  deny mount,

                  deny /sys/[^f]*/** wklx,
                  deny /sys/f[^s]*/** wklx,
                  deny /sys/fs/[^c]*/** wklx,
                  deny /sys/fs/c[^g]*/** wklx,
                  deny /sys/fs/cg[^r]*/** wklx,
                  deny /sys/firmware/** rwklx,
                  deny /sys/devices/virtual/powercap/** rwklx,
                  deny /sys/kernel/security/** rwklx,

                  # suppress ptrace denials when using 'docker ps' or using 'ps' inside a container
                  ptrace (trace,read,tracedby,readby) peer=%1$s,
                }
                """.formatted(name, daemonProfile);
    }
}
