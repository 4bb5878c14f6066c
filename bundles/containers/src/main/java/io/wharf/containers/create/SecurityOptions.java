package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.support.SecurityModules;
import java.util.ArrayList;
import java.util.List;

/**
 * HostConfig.SecurityOpt: no-new-privileges, seccomp, apparmor, label and systempaths, parsed as moby's
 * parseSecurityOpt does.
 *
 * @param appArmorProfile the {@code apparmor=} value, null when not given
 * @param labelOptions    the {@code label=} values (SELinux), {@code disable} for the bare legacy form
 */
public record SecurityOptions(boolean noNewPrivileges, String seccompProfile, boolean unconfinedSystemPaths,
                              String appArmorProfile, List<String> labelOptions) {
    /** Docker's profile for containers, loaded by the execution driver on AppArmor hosts. */
    public static final String DEFAULT_APPARMOR_PROFILE = "docker-default";

    public static SecurityOptions parse(List<String> options) {
        boolean noNewPrivileges = false;
        String seccomp = null;
        boolean systemPaths = false;
        String appArmor = null;
        List<String> labels = new ArrayList<>();
        if (options == null) {
            return new SecurityOptions(false, null, false, null, List.of());
        }
        for (String opt : options) {
            if (opt.equals("no-new-privileges")) {
                noNewPrivileges = true;
                continue;
            }
            if (opt.equals("disable")) {
                labels.add("disable");
                continue;
            }
            int sep = indexOfSeparator(opt);
            if (sep < 0) {
                throw EngineException.invalid("invalid --security-opt 1: %s", quote(opt));
            }
            String key = opt.substring(0, sep);
            String value = opt.substring(sep + 1);
            switch (key) {
                case "no-new-privileges" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw EngineException.invalid("invalid --security-opt 2: %s", quote(opt));
                    }
                    noNewPrivileges = value.equals("true");
                }
                case "seccomp" -> seccomp = value.equals(SecuritySpec.UNCONFINED) ? SecuritySpec.UNCONFINED
                        : validatedProfile(value);
                case "systempaths" -> {
                    if (!value.equals("unconfined")) {
                        throw EngineException.invalid("invalid --security-opt 2: %s", quote(opt));
                    }
                    systemPaths = true;
                }
                case "apparmor" -> appArmor = value;
                case "label" -> labels.add(value);
                default -> throw EngineException.invalid("invalid --security-opt 2: %s", quote(opt));
            }
        }
        return new SecurityOptions(noNewPrivileges, seccomp, systemPaths, appArmor, List.copyOf(labels));
    }

    /**
     * Refuses what this host cannot enforce: an AppArmor profile without AppArmor, an SELinux label without
     * SELinux. Docker accepts and ignores them there; a container that asked for confinement must not run
     * without it. Asking for none ({@code apparmor=unconfined}, {@code label=disable}) is what such a host gives.
     */
    public void checkEnforceable(SecurityModules host) {
        if (appArmorProfile != null && !host.appArmor() && !appArmorProfile.equals(SecuritySpec.UNCONFINED)) {
            throw EngineException.invalid("invalid --security-opt: %s: AppArmor is not enabled on this host, so the "
                    + "profile cannot be applied", quote("apparmor=" + appArmorProfile));
        }
        for (String label : labelOptions) {
            if (!host.selinux() && !label.equals("disable")) {
                throw EngineException.invalid("invalid --security-opt: %s: SELinux is not enabled on this host, so "
                        + "the label cannot be applied", quote("label=" + label));
            }
        }
        SelinuxLabels.validate(labelOptions);
    }

    /**
     * The profile the container runs under, as moby's saveAppArmorConfig picks it: on AppArmor hosts the one
     * asked for, {@code unconfined} when privileged, else Docker's default; null where AppArmor is off.
     */
    public String effectiveAppArmorProfile(SecurityModules host, boolean privileged) {
        if (!host.appArmor()) {
            return null;
        }
        if (privileged) {
            return SecuritySpec.UNCONFINED;
        }
        return appArmorProfile == null || appArmorProfile.isEmpty() ? DEFAULT_APPARMOR_PROFILE : appArmorProfile;
    }

    /** Docker takes "key=value" and the legacy "key:value". */
    private static int indexOfSeparator(String opt) {
        int eq = opt.indexOf('=');
        if (eq >= 0) {
            return eq;
        }
        return opt.indexOf(':');
    }

    /** The CLI sends the profile file's JSON inline; it must at least be JSON. */
    private static String validatedProfile(String json) {
        try {
            io.wharf.support.Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw EngineException.invalid("Decoding seccomp profile failed: %s", e.getMessage());
        }
        return json;
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
