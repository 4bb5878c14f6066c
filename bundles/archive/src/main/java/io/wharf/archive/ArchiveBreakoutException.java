package io.wharf.archive;

import java.io.IOException;

/** A tar entry or hard link that would reach outside the directory it is applied to. */
public class ArchiveBreakoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchiveBreakoutException(String message) {
        super(message);
    }
}
