package io.wharf.linux;

import java.io.IOException;

/** A failed system call: the message names the call, the path and the C library's text for errno. */
public class LinuxException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public LinuxException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The C {@code errno} value, e.g. {@link Errno#ENOENT}. */
    public int errno() {
        return errno;
    }
}
