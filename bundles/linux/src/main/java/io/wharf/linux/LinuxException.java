package io.wharf.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;

/** A failed system call: the message names the call, the path and the C library's text for errno. */
public class LinuxException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public LinuxException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /**
     * "cannot {action} {path}: {strerror}" for a failed call, described by the C library the caller already holds
     * (so that no class of this bundle reaches the process-wide LinuxFs for a message).
     */
    static LinuxException of(LibC libc, String action, Object path, LastErrorException e) {
        int errno = e.getErrorCode();
        return new LinuxException("cannot " + action + " " + path + ": " + strerror(libc, errno), errno);
    }

    /** The C library's description of an errno value. */
    static String strerror(LibC libc, int errno) {
        String text = libc.strerror(errno);
        return text != null ? text : "errno " + errno;
    }

    /** The C {@code errno} value, e.g. {@link Errno#ENOENT}. */
    public int errno() {
        return errno;
    }
}
