package io.wharf.api.runtime;

import java.util.List;

/**
 * Security settings.
 *
 * @param privileged      every capability the daemon holds, all host devices, no seccomp, no masked paths
 * @param capabilities    the effective capability set, e.g. CAP_CHOWN (Docker's defaults plus --cap-add minus --cap-drop)
 * @param seccompProfile  null for Docker's default profile, {@code "unconfined"}, or a Docker-format profile (JSON)
 * @param maskedPaths     paths hidden from the container (/proc/kcore, ...)
 * @param readonlyPaths   paths mounted read-only (/proc/sys, ...)
 * @param appArmorProfile the AppArmor profile to run under ({@code docker-default}, {@code unconfined}, a loaded
 *                        profile's name); null for none. A driver refuses a profile its host cannot enforce.
 * @param selinuxLabel    the SELinux process label; null or empty for none
 * @param mountLabel      the SELinux label of the container's mounts; null or empty for none
 */
public record SecuritySpec(boolean privileged, List<String> capabilities, boolean noNewPrivileges,
                           String seccompProfile, List<String> maskedPaths, List<String> readonlyPaths,
                           String appArmorProfile, String selinuxLabel, String mountLabel) {
    public static final String UNCONFINED = "unconfined";

    /** Without LSM settings (no AppArmor profile, no SELinux labels). */
    public SecuritySpec(boolean privileged, List<String> capabilities, boolean noNewPrivileges,
                        String seccompProfile, List<String> maskedPaths, List<String> readonlyPaths) {
        this(privileged, capabilities, noNewPrivileges, seccompProfile, maskedPaths, readonlyPaths, null, null,
                null);
    }
}
