package io.wharf.api.runtime;

/** Docker's stream IDs, as in the multiplexed attach/logs framing. */
public enum StreamType {
    STDIN(0), STDOUT(1), STDERR(2);

    private final int id;

    StreamType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
