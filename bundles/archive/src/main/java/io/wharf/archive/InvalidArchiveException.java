package io.wharf.archive;

import java.io.IOException;

/**
 * An archive the client sent that cannot be used: malformed, hostile, or over one of the limits that keep a
 * small archive from taking the daemon's memory. A client error (400), unlike the other {@link IOException}s.
 */
public class InvalidArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first {@code InvalidArchiveException} among {@code e} and its causes, or null. */
    public static InvalidArchiveException findIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidArchiveException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
