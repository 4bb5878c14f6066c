package io.wharf.runtime.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the driver keeps its files under the exec root (a tmpfs such as /run/wharf): one bundle dir per
 * container, with one sub-dir per exec; one exit dir shared by all containers; the conmon socket dir.
 */
record ExecRootLayout(Path execRoot) {
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    static final int SUN_PATH_BYTES = 108;

    Path containers() {
        return execRoot.resolve("containers");
    }

    Path bundle(String id) {
        return containers().resolve(id);
    }

    Path config(String id) {
        return bundle(id).resolve("config.json");
    }

    Path metadata(String id) {
        return bundle(id).resolve("wharf.json");
    }

    Path initPidFile(String id) {
        return bundle(id).resolve("pidfile");
    }

    Path conmonPidFile(String id) {
        return bundle(id).resolve("conmon.pid");
    }

    /** conmon's control FIFO: {@code 1 rows cols} resizes, {@code 2 0 0} reopens the log. */
    Path ctl(String id) {
        return bundle(id).resolve("ctl");
    }

    Path conmonStderr(String id) {
        return bundle(id).resolve("conmon.stderr");
    }

    /** Exit files, named after the container ID (conmon's {@code -c}). */
    Path exits() {
        return execRoot.resolve("exits");
    }

    Path exitFile(String id) {
        return exits().resolve(id);
    }

    /** conmon makes {@code <sockets>/<cuuid>} a symlink to the bundle dir, keeping socket paths short. */
    Path sockets() {
        return execRoot.resolve("s");
    }

    /**
     * conmon's link {@code <sockets>/<cuuid>}. Like conmon (socket_parent_dir), a link path of exactly
     * sun_path - 1 bytes loses its last character, so that the link and its socket never have the same length.
     */
    Path socketDir(String cuuid) {
        String link = sockets().resolve(cuuid).toString();
        if (link.getBytes(StandardCharsets.UTF_8).length == SUN_PATH_BYTES - 1) {
            link = link.substring(0, link.length() - 1);
        }
        return Path.of(link);
    }

    Path attachSocket(String cuuid) {
        return socketDir(cuuid).resolve("attach");
    }

    Path execDir(String id, String execId) {
        return bundle(id).resolve("exec").resolve(execId);
    }
}
