package io.wharf.containers.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes CRI lines as conmon 2.1 does: at the size limit, .tmp is opened (truncated) and renamed over. */
final class FakeConmon {
    private final LogFiles files;
    private final long sizeMax;
    private long written;

    FakeConmon(Path live, long sizeMax) {
        this.files = new LogFiles(live);
        this.sizeMax = sizeMax;
    }

    /** Returns true when this line started a new file. */
    boolean line(int n) throws IOException {
        return record("stdout F line " + n);
    }

    /** Writes {@code streamTagText} ("stderr F text") after a timestamp; true when it started a new file. */
    boolean record(String streamTagText) throws IOException {
        byte[] record = ("2024-05-01T10:00:00.000000001Z " + streamTagText + "\n").getBytes(StandardCharsets.UTF_8);
        boolean rolled = false;
        if (written + record.length > sizeMax && written > 0) {
            Files.write(files.prepared(), new byte[0], StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            Files.move(files.prepared(), files.live(), StandardCopyOption.ATOMIC_MOVE);
            written = 0;
            rolled = true;
        }
        Files.write(files.live(), record, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written += record.length;
        return rolled;
    }
}
