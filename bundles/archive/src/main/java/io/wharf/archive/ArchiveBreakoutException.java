package io.wharf.archive;

/** A tar entry or hard link that would reach outside the directory it is applied to. */
public class ArchiveBreakoutException extends InvalidArchiveException {
    private static final long serialVersionUID = 1L;

    public ArchiveBreakoutException(String message) {
        super(message);
    }
}
