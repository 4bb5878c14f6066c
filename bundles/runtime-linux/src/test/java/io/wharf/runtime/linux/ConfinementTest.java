package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static io.wharf.runtime.linux.TestHosts.amd64Host;
import static io.wharf.runtime.linux.TestHosts.defaultNamespaces;
import static io.wharf.runtime.linux.TestHosts.fakeDevices;
import static io.wharf.runtime.linux.TestHosts.process;
import static io.wharf.runtime.linux.TestHosts.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.support.SecurityModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppArmor profiles and SELinux labels in the OCI spec, and Docker's default profile (generated and loaded). */
class ConfinementTest {
    @TempDir
    Path tmp;
    private Path securityFs;
    private Path parserLog;
    private AppArmorProfiles profiles;

    /** A fake securityfs whose profile list a fake apparmor_parser appends to, logging its arguments. */
    @BeforeEach
    void fakeAppArmor() throws IOException {
        securityFs = Files.createDirectories(tmp.resolve("securityfs"));
        Files.writeString(securityFs.resolve("profiles"), "lxc-container-default (enforce)\n");
        parserLog = tmp.resolve("parser.log");
        Path parser = tmp.resolve("apparmor_parser");
        Files.writeString(parser, "#!/bin/sh\necho \"$@\" >> " + parserLog + "\ncp \"$2\" " + tmp.resolve("loaded")
                + "\necho 'docker-default (enforce)' >> " + securityFs.resolve("profiles") + "\n");
        Files.setPosixFilePermissions(parser, PosixFilePermissions.fromString("rwx------"));
        profiles = new AppArmorProfiles(securityFs, tmp.resolve("etc-apparmor.d"), parser);
    }

    private OciSpecGenerator generator(SecurityModules modules) {
        return new OciSpecGenerator(JSON, amd64Host(), fakeDevices(), new SeccompConverter(JSON, "amd64",
                amd64Host().kernel()), "/wharf", modules, profiles);
    }

    private static SecuritySpec confined(String appArmor, String label, String mountLabel) {
        return new SecuritySpec(false, null, false, null, null, null, appArmor, label, mountLabel);
    }

    private static ObjectNode generate(OciSpecGenerator generator, SecuritySpec security) {
        return generator.generate(spec(process("true"), security, defaultNamespaces(), List.of(), List.of(),
                Resources.none()));
    }

    @Test
    void onAnAppArmorHostTheDefaultProfileIsLoadedOnceAndSetOnTheProcess() throws IOException {
        OciSpecGenerator generator = generator(new SecurityModules(true, false));
        ObjectNode config = generate(generator, confined("docker-default", null, null));
        assertEquals("docker-default", config.path("process").path("apparmorProfile").asText());
        generate(generator, confined("docker-default", null, null));
        List<String> calls = Files.readAllLines(parserLog);
        assertEquals(1, calls.size(), "loaded only while the kernel lacks it: " + calls);
        assertTrue(calls.get(0).startsWith("-Kr "), calls.get(0));
        assertTrue(Files.readString(tmp.resolve("loaded")).contains("profile docker-default flags="));
        assertEquals(List.of(), leftovers(), "the profile's temporary file is removed");
    }

    @Test
    void aFailingParserIsReportedInDockersWords() throws IOException {
        Path parser = tmp.resolve("apparmor_parser");
        Files.writeString(parser, "#!/bin/sh\necho 'AppArmor parser error at line 3' >&2\nexit 1\n");
        EngineException e = assertThrows(EngineException.class,
                () -> generate(generator(new SecurityModules(true, false)), confined("docker-default", null, null)));
        assertEquals("AppArmor enabled on system but the docker-default profile could not be loaded: parser "
                + "error(AppArmor parser error at line 3)", e.getMessage());
    }

    @Test
    void withoutAppArmorAProfileIsRefusedAndUnconfinedNeedsNothing() {
        OciSpecGenerator generator = generator(SecurityModules.NONE);
        EngineException e = assertThrows(EngineException.class,
                () -> generate(generator, confined("docker-default", null, null)));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertFalse(generate(generator, confined("unconfined", null, null)).path("process").has("apparmorProfile"));
    }

    @Test
    void selinuxLabelsGoIntoTheSpecOnlyWhereSelinuxIs() {
        ObjectNode config = generate(generator(new SecurityModules(false, true)),
                confined(null, "system_u:system_r:container_t:s0:c1,c2", "system_u:object_r:container_file_t:s0:c1,c2"));
        assertEquals("system_u:system_r:container_t:s0:c1,c2", config.path("process").path("selinuxLabel").asText());
        assertEquals("system_u:object_r:container_file_t:s0:c1,c2", config.path("linux").path("mountLabel").asText());
        assertThrows(EngineException.class, () -> generate(generator(SecurityModules.NONE),
                confined(null, "system_u:system_r:container_t:s0:c1,c2", null)));
    }

    @Test
    void anExecRunsUnderTheContainersProfileAndLabel() {
        OciSpecGenerator generator = generator(new SecurityModules(true, true));
        ObjectNode config = generate(generator, confined("my-profile", "u:r:t:s0:c1,c2", null));
        ObjectNode exec = generator.execProcess(new ExecSpec("e1", process("ps"), false, null, false, false),
                config.path("process"));
        assertEquals("my-profile", exec.path("apparmorProfile").asText());
        assertEquals("u:r:t:s0:c1,c2", exec.path("selinuxLabel").asText());
    }

    @Test
    void theDefaultProfileIsDockersWithTheHostsIncludes() throws IOException {
        String bare = profiles.defaultProfile("docker-default", "unconfined");
        assertTrue(bare.startsWith("@{PROC}=/proc/\n\nprofile docker-default flags=(attach_disconnected,"
                + "mediate_deleted) {\n\n  network,\n  capability,\n  file,\n  umount,\n"), bare);
        for (String rule : List.of("  signal (receive) peer=unconfined,", "  signal (send,receive) peer=docker-default,",
                "  deny @{PROC}/sysrq-trigger rwklx,", "  deny @{PROC}/kcore rwklx,", "  deny mount,",
                "  deny /sys/firmware/** rwklx,", "  deny /sys/kernel/security/** rwklx,",
                "  deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,",
                "  ptrace (trace,read,tracedby,readby) peer=docker-default,")) {
            assertTrue(bare.contains(rule + "\n") || bare.contains(rule + " "), rule);
        }
        assertTrue(bare.endsWith("}\n"));
        assertFalse(bare.contains("#include"));

        Path etc = tmp.resolve("etc-apparmor.d");
        Files.createDirectories(etc.resolve("tunables"));
        Files.createDirectories(etc.resolve("abstractions"));
        Files.writeString(etc.resolve("tunables/global"), "");
        Files.writeString(etc.resolve("abstractions/base"), "");
        String withIncludes = profiles.defaultProfile("docker-default", "wharfd");
        assertTrue(withIncludes.startsWith("#include <tunables/global>\n\nprofile docker-default "), withIncludes);
        assertTrue(withIncludes.contains("{\n  #include <abstractions/base>\n"), withIncludes);
        assertTrue(withIncludes.contains("  signal (receive) peer=wharfd,\n"), "the daemon may signal containers");
    }

    private List<Path> leftovers() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("wharf-apparmor")).toList();
        }
    }
}
