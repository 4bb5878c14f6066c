package io.wharf.linux;

import com.sun.jna.LastErrorException;

/** Closing raw descriptors where a failure leaves nothing useful to do (the descriptor is gone either way). */
final class Descriptors {
    private Descriptors() {
    }

    static void closeQuietly(int... fds) {
        for (int fd : fds) {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // already closed, or EINTR (the descriptor is released anyway on Linux)
            }
        }
    }
}
