package io.wharf.api.errors;

/** Docker's error classes (moby errdefs) with the HTTP status each one is answered with. */
public enum ErrorKind {
    INVALID_PARAMETER(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    NOT_MODIFIED(304),
    NOT_IMPLEMENTED(501),
    UNAVAILABLE(503),
    SYSTEM(500);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
