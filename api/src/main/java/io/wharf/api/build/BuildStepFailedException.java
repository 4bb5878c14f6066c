package io.wharf.api.build;

/**
 * A build step that failed, with Docker's message ({@code The command '/bin/sh -c exit 3' returned a non-zero
 * code: 3}) and the code its {@code errorDetail} carries.
 */
public final class BuildStepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public BuildStepFailedException(String message, int code) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
