package io.wharf.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux security modules the host enforces, as moby's apparmor.HostSupports and go-selinux's GetEnabled see
 * them: AppArmor when its module parameter says {@code Y}, SELinux when selinuxfs is mounted.
 */
public record SecurityModules(boolean appArmor, boolean selinux) {
    public static final SecurityModules NONE = new SecurityModules(false, false);

    /** This host. */
    public static SecurityModules detect() {
        return detect(Path.of("/sys"));
    }

    /** Reads {@code sys} (a sysfs, or a copy of its few files in tests). */
    public static SecurityModules detect(Path sys) {
        boolean appArmor;
        try {
            appArmor = Files.readString(sys.resolve("module/apparmor/parameters/enabled")).strip().equals("Y");
        } catch (IOException e) {
            appArmor = false;
        }
        return new SecurityModules(appArmor, Files.exists(sys.resolve("fs/selinux/enforce")));
    }
}
