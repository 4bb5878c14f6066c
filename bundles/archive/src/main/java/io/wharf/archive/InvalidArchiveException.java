package io.wharf.archive;

import io.wharf.api.errors.InvalidInputException;

/**
 * An archive the client sent that cannot be used: malformed, hostile, or over one of the limits that keep a
 * small archive from taking the daemon's memory. A client error (400), unlike the other IOExceptions.
 */
public class InvalidArchiveException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The first invalid input among {@code e} and its causes, or null. This package is embedded privately in each
     * bundle, so one thrown by another bundle's copy (a storage driver's) is found by its contract type and
     * returned as this bundle's own, with the same message.
     */
    public static InvalidArchiveException findIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidArchiveException invalid) {
                return invalid;
            }
            if (t instanceof InvalidInputException invalid) {
                return new InvalidArchiveException(invalid.getMessage(), invalid);
            }
        }
        return null;
    }
}
