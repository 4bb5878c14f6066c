package io.wharf.api.storage;

/** One entry of {@code docker diff}: kind 0 modified, 1 added, 2 deleted (Docker's numbering). */
public record Change(String path, Kind kind) {
    public enum Kind {
        MODIFIED, ADDED, DELETED;

        public int code() {
            return ordinal();
        }
    }
}
