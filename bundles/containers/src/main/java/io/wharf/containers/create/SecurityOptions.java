package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.SecuritySpec;
import java.util.List;

/** HostConfig.SecurityOpt: no-new-privileges, seccomp, apparmor, label and systempaths. */
public record SecurityOptions(boolean noNewPrivileges, String seccompProfile, boolean unconfinedSystemPaths,
                              String appArmorProfile) {

    public static SecurityOptions parse(List<String> options) {
        boolean noNewPrivileges = false;
        String seccomp = null;
        boolean systemPaths = false;
        String appArmor = "";
        if (options == null) {
            return new SecurityOptions(false, null, false, appArmor);
        }
        for (String opt : options) {
            if (opt.equals("no-new-privileges")) {
                noNewPrivileges = true;
                continue;
            }
            int sep = indexOfSeparator(opt);
            if (sep < 0) {
                throw EngineException.invalid("Invalid --security-opt: %s", quote(opt));
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
                case "label" -> {
                    // SELinux labels: nothing to do on hosts without SELinux
                }
                default -> throw EngineException.invalid("invalid --security-opt 2: %s", quote(opt));
            }
        }
        return new SecurityOptions(noNewPrivileges, seccomp, systemPaths, appArmor);
    }

    /** Docker takes "key=value" and the legacy "key:value". */
    private static int indexOfSeparator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The CLI sends the profile file's JSON inline; it must at least be JSON. */
    private static String validatedProfile(String json) {
        try {
            io.wharf.containers.support.Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw EngineException.invalid("Decoding seccomp profile failed: %s", e.getMessage());
        }
        return json;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
