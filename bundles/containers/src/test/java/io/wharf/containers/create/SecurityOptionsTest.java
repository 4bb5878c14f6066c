package io.wharf.containers.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.support.SecurityModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityOptionsTest {
    private static final SecurityModules APPARMOR = new SecurityModules(true, false);
    private static final SecurityModules SELINUX = new SecurityModules(false, true);

    @TempDir
    Path tmp;

    private static EngineException refused(List<String> options, SecurityModules host) {
        EngineException e = assertThrows(EngineException.class,
                () -> SecurityOptions.parse(options).checkEnforceable(host));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        return e;
    }

    @Test
    void aProfileOrLabelTheHostCannotEnforceIsRefused() {
        assertEquals("invalid --security-opt: \"apparmor=foo\": AppArmor is not enabled on this host, so the "
                + "profile cannot be applied", refused(List.of("apparmor=foo"), SecurityModules.NONE).getMessage());
        assertEquals("invalid --security-opt: \"apparmor=docker-default\": AppArmor is not enabled on this host, so "
                + "the profile cannot be applied", refused(List.of("apparmor:docker-default"), SELINUX).getMessage());
        assertEquals("invalid --security-opt: \"label=type:spc_t\": SELinux is not enabled on this host, so the "
                + "label cannot be applied", refused(List.of("label=type:spc_t"), APPARMOR).getMessage());
    }

    @Test
    void askingForNoConfinementIsWhatAHostWithoutTheModuleGives() {
        for (List<String> options : List.of(List.of("apparmor=unconfined"), List.of("label=disable"),
                List.of("label:disable"), List.of("disable"), List.of("no-new-privileges", "seccomp=unconfined"))) {
            SecurityOptions parsed = SecurityOptions.parse(options);
            parsed.checkEnforceable(SecurityModules.NONE);
            assertNull(parsed.effectiveAppArmorProfile(SecurityModules.NONE, false), options.toString());
        }
    }

    @Test
    void onAppArmorHostsTheProfileIsMobys() {
        assertEquals("docker-default", SecurityOptions.parse(null).effectiveAppArmorProfile(APPARMOR, false));
        assertEquals("unconfined", SecurityOptions.parse(List.of("apparmor=mine"))
                .effectiveAppArmorProfile(APPARMOR, true));
        SecurityOptions mine = SecurityOptions.parse(List.of("apparmor=mine"));
        mine.checkEnforceable(APPARMOR);
        assertEquals("mine", mine.effectiveAppArmorProfile(APPARMOR, false));
    }

    @Test
    void malformedOptionsGetMobysMessages() {
        assertEquals("invalid --security-opt 1: \"bogus\"", refused(List.of("bogus"), APPARMOR).getMessage());
        assertEquals("invalid --security-opt 2: \"foo=bar\"", refused(List.of("foo=bar"), APPARMOR).getMessage());
        assertTrue(refused(List.of("label=nonsense"), SELINUX).getMessage().startsWith("Bad label option "
                + "\"nonsense\", valid options 'disable' or \n'user, role, level, type, filetype'"));
        assertEquals("Bad label option \"color\", valid options 'disable, user, role, level, type, filetype'",
                refused(List.of("label=color:red"), SELINUX).getMessage());
    }

    @Test
    void selinuxLabelsComeFromThePolicysContainerContexts() throws IOException {
        Files.writeString(tmp.resolve("config"), "SELINUX=enforcing\nSELINUXTYPE=targeted\n");
        Files.createDirectories(tmp.resolve("targeted/contexts"));
        Files.writeString(tmp.resolve("targeted/contexts/lxc_contexts"), """
                process = "system_u:system_r:container_t:s0"
                content = "system_u:object_r:virt_var_lib_t:s0"
                file = "system_u:object_r:container_file_t:s0"
                """);
        SelinuxLabels.Labels labels = SelinuxLabels.of(List.of(), tmp, new Random(1));
        assertTrue(labels.process().matches("system_u:system_r:container_t:s0:c\\d+,c\\d+"), labels.process());
        String level = labels.process().substring(labels.process().indexOf("s0:"));
        assertEquals("system_u:object_r:container_file_t:" + level, labels.mount(), "one level for both");

        SelinuxLabels.Labels custom = SelinuxLabels.of(List.of("type:spc_t", "level:s0:c1,c2",
                "filetype:my_file_t"), tmp, new Random(1));
        assertEquals("system_u:system_r:spc_t:s0:c1,c2", custom.process());
        assertEquals("system_u:object_r:my_file_t:s0:c1,c2", custom.mount());
        assertEquals(SelinuxLabels.Labels.NONE, SelinuxLabels.of(List.of("disable"), tmp, new Random(1)));
    }
}
