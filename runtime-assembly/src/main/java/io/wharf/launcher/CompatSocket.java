package io.wharf.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * daemon.json {@code docker-compat-socket}: Wharf also listens at Docker's default path, for tools that hard-code
 * it. Off by default, and never at the cost of another daemon: a path that is anything but a dead socket (one
 * nobody listens on, left by a daemon that died) is refused, so Wharf never takes over a host's Docker.
 */
final class CompatSocket {
    static final String KEY = "docker-compat-socket";
    static final Path PATH = Path.of("/var/run/docker.sock");
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private CompatSocket() {
    }

    /** Throws, naming the key, unless {@code path} is free for Wharf to listen at. */
    static void checkFree(Path path) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IllegalArgumentException(KEY + ": " + path + " exists and is not a socket; wharfd does not "
                    + "replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException deadSocket) {
            return; // connection refused: nobody listens there any more
        }
        throw new IllegalArgumentException(KEY + ": another daemon listens on " + path + "; stop it or leave "
                + KEY + " off (wharfd never replaces it)");
    }
}
