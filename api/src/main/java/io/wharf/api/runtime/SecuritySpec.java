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
 */
public record SecuritySpec(boolean privileged, List<String> capabilities, boolean noNewPrivileges,
                           String seccompProfile, List<String> maskedPaths, List<String> readonlyPaths) {
    public static final String UNCONFINED = "unconfined";
}
