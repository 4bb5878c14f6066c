package io.wharf.api.errors;

import java.io.IOException;

/**
 * Input a client sent that cannot be used (a malformed or hostile archive, say), found while reading it: a client
 * error (400), unlike the other {@link IOException}s. It lives in the contract because the code that reads such
 * input is embedded privately in several bundles, and a caller must recognise the failure whichever bundle's copy
 * threw it.
 */
public class InvalidInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
