package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.OciJson.notEmpty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.support.SecurityModules;
import java.util.List;

/** The seccomp filter, AppArmor profile and SELinux labels of a container. */
final class OciConfinement {
    private final SeccompConverter seccomp;
    private final SecurityModules securityModules;
    private final AppArmorProfiles appArmor;

    /** @param appArmor loads Docker's default profile where AppArmor is on (may be null where it is off) */
    OciConfinement(SeccompConverter seccomp, SecurityModules securityModules, AppArmorProfiles appArmor) {
        this.seccomp = seccomp;
        this.securityModules = securityModules;
        this.appArmor = appArmor;
    }

    /** The OCI seccomp filter for a Docker profile (null: Docker's default), or null when unconfined. */
    ObjectNode seccomp(String profile, List<String> caps) {
        if (SecuritySpec.UNCONFINED.equals(profile)) {
            return null;
        }
        JsonNode docker = profile == null || profile.isBlank() ? seccomp.defaultProfile() : seccomp.parse(profile);
        return seccomp.convert(docker, caps);
    }

    /**
     * The AppArmor profile and SELinux labels. What the host cannot enforce is refused, never left out: only
     * "unconfined" needs nothing where AppArmor is off.
     */
    void confine(SecuritySpec security, ObjectNode process, ObjectNode linux) {
        String profile = security.appArmorProfile();
        if (profile != null && !profile.isEmpty()) {
            if (securityModules.appArmor()) {
                if (profile.equals(AppArmorProfiles.DEFAULT)) {
                    appArmor.ensureDefaultLoaded();
                }
                process.put("apparmorProfile", profile);
            } else if (!profile.equals(SecuritySpec.UNCONFINED)) {
                throw EngineException.invalid("AppArmor profile %s was asked for, but AppArmor is not enabled on "
                        + "this host", profile);
            }
        }
        boolean labelled = notEmpty(security.selinuxLabel()) || notEmpty(security.mountLabel());
        if (labelled && !securityModules.selinux()) {
            throw EngineException.invalid("SELinux labels were asked for, but SELinux is not enabled on this host");
        }
        if (notEmpty(security.selinuxLabel())) {
            process.put("selinuxLabel", security.selinuxLabel());
        }
        if (notEmpty(security.mountLabel())) {
            linux.put("mountLabel", security.mountLabel());
        }
    }
}
