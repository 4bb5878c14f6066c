package io.wharf.containers.logs;

import io.wharf.api.runtime.StreamType;
import io.wharf.support.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * docker logs over a CRI log file: tail, since/until, timestamps, stream selection, partial lines joined, and
 * follow (until the container stops; truncation and rotation of the file are noticed). Output goes through a
 * {@link StdWriter} on a buffered stream that is flushed only when the reader has caught up with the file.
 */
public final class LogStreamer {
    static final long POLL_MILLIS = 100;
    /** Docker's log copier buffer: a line longer than this becomes several entries (partial messages). */
    static final int PIECE_BYTES = 16 * 1024;
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] SPACE = {' '};

    private final Path file;
    private final LogOptions options;
    private final BooleanSupplier running;

    /** @param running whether the container still produces output (for follow) */
    public LogStreamer(Path file, LogOptions options, BooleanSupplier running) {
        this.file = file;
        this.options = options;
        this.running = running;
    }

    public void stream(StdWriter writer) throws IOException, InterruptedException {
        FileChannel channel = open();
        Object key = channel == null ? null : fileKey();
        try {
            TailStart start = channel != null && options.tail() >= 0 ? tailStart(channel, options.tail())
                    : new TailStart(0, 0);
            Emitter emitter = new Emitter(writer, start.skip());
            long startAt = start.offset();
            CriLogReader reader = new CriLogReader(startAt);
            if (channel != null && !reader.readToEnd(channel, emitter)) {
                writer.flush();
                return;
            }
            if (!options.follow()) {
                emitter.flushPartials(); // the output so far ends mid-line: show it, as docker logs does
                writer.flush();
                return;
            }
            writer.flush();
            boolean lastRound = false;
            while (true) {
                if (!lastRound && !running.getAsBoolean()) {
                    lastRound = true; // read once more: the last output may land after the exit is known
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
                if (channel == null) {
                    channel = open();
                    key = fileKey();
                    reader.reset(0);
                } else {
                    Object currentKey = fileKey();
                    long size = sizeOrMinus(channel);
                    if (!Objects.equals(currentKey, key) && currentKey != null) {
                        // rotated: finish the old file, continue with the new one from its start
                        if (!reader.readToEnd(channel, emitter)) {
                            break;
                        }
                        channel.close();
                        channel = open();
                        key = currentKey;
                        reader.reset(0);
                    } else if (size >= 0 && size < reader.position()) {
                        reader.reset(0); // truncated
                    }
                }
                if (channel != null && !reader.readToEnd(channel, emitter)) {
                    break;
                }
                writer.flush();
                if (lastRound) {
                    break;
                }
            }
            emitter.flushPartials();
            writer.flush();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private FileChannel open() throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static long sizeOrMinus(FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Where the last {@code n} entries start: the offset of the record that begins their line and how many bytes
     * of that line's content come before them (a multiple of {@link #PIECE_BYTES}).
     */
    record TailStart(long offset, long skip) {
    }

    /**
     * The start of the last {@code n} log entries as Docker counts them: a line (F-terminated records joined with
     * P ones) of L bytes is L / 16 KiB + 1 entries, since Docker's log copier stores each 16 KiB piece as one.
     */
    static TailStart tailStart(FileChannel channel, int n) throws IOException {
        if (n == 0) {
            return new TailStart(channel.size(), 0);
        }
        long[] ringOffsets = new long[n];
        long[] ringSkips = new long[n];
        long[] count = {0};
        long[] line = {0, 0}; // the current line's first record offset and its length so far
        boolean[] atLineStart = {true};
        CriLogReader scanner = new CriLogReader(0);
        scanner.readToEnd(channel, (record, offset) -> {
            if (atLineStart[0]) {
                line[0] = offset;
                line[1] = 0;
            }
            line[1] += record.contentLength();
            atLineStart[0] = !record.partial();
            if (atLineStart[0]) {
                count[0] = addEntries(ringOffsets, ringSkips, count[0], line[0], line[1]);
            }
            return true;
        });
        if (!atLineStart[0]) {
            count[0] = addEntries(ringOffsets, ringSkips, count[0], line[0], line[1]); // the file ends mid-line
        }
        if (count[0] <= n) {
            return new TailStart(0, 0);
        }
        int oldest = (int) (count[0] % n);
        return new TailStart(ringOffsets[oldest], ringSkips[oldest]);
    }

    private static long addEntries(long[] offsets, long[] skips, long count, long lineOffset, long length) {
        for (long skip = 0; skip <= length; skip += PIECE_BYTES) {
            int slot = (int) (count % offsets.length);
            offsets[slot] = lineOffset;
            skips[slot] = skip;
            count++;
        }
        return count;
    }

    /** Filters and writes records; partial records wait for the end of their line. */
    private final class Emitter implements CriLogReader.Handler {
        private final StdWriter writer;
        private final ByteArrayOutputStream[] pending = new ByteArrayOutputStream[3];
        private final long[] pendingNanos = new long[3];
        private final byte[] timestamp = new byte[64];
        /** Bytes of the first line that come before the tail (whole pieces Docker would not show). */
        private long skip;

        Emitter(StdWriter writer, long skip) {
            this.writer = writer;
            this.skip = skip;
        }

        @Override
        public boolean onRecord(CriRecord r, long lineOffset) throws IOException {
            int contentOffset = r.contentOffset();
            int contentLength = r.contentLength();
            if (skip > 0) { // the tail starts inside this line, whatever its stream
                int skipped = (int) Math.min(skip, contentLength);
                skip = r.partial() ? skip - skipped : 0;
                contentOffset += skipped;
                contentLength -= skipped;
                if (contentLength == 0 && r.partial()) {
                    return true;
                }
            }
            StreamType stream = r.stream();
            if (stream == StreamType.STDOUT ? !options.stdout() : !options.stderr()) {
                return true;
            }
            boolean needTime = options.sinceNanos() != 0 || options.untilNanos() != 0;
            if (needTime) {
                long t = r.epochNanos();
                if (options.untilNanos() != 0 && t > options.untilNanos()) {
                    return false;
                }
                if (options.sinceNanos() != 0 && t < options.sinceNanos()) {
                    return true;
                }
            }
            int idx = stream.id();
            boolean joining = pending[idx] != null && pending[idx].size() > 0;
            if (r.partial() || joining || contentLength >= PIECE_BYTES) {
                if (pending[idx] == null) {
                    pending[idx] = new ByteArrayOutputStream();
                }
                if (!joining) {
                    pendingNanos[idx] = options.timestamps() ? r.epochNanos() : 0;
                }
                pending[idx].write(r.buffer(), contentOffset, contentLength);
                emitFullPieces(stream, idx, !r.partial());
                return true;
            }
            writeLine(stream, 0, r, r.buffer(), contentOffset, contentLength, true);
            return true;
        }

        /**
         * A long line goes out as Docker's log copier cut it: entries of {@link #PIECE_BYTES} without a newline,
         * then the rest with it ({@code lineEnds}; it may be empty). Clients that iterate frames see the same.
         */
        private void emitFullPieces(StreamType stream, int idx, boolean lineEnds) throws IOException {
            if (pending[idx].size() < PIECE_BYTES && !lineEnds) {
                return;
            }
            byte[] joined = pending[idx].toByteArray();
            pending[idx].reset();
            int off = 0;
            for (; joined.length - off >= PIECE_BYTES; off += PIECE_BYTES) {
                writeLine(stream, pendingNanos[idx], null, joined, off, PIECE_BYTES, false);
            }
            if (lineEnds) {
                writeLine(stream, pendingNanos[idx], null, joined, off, joined.length - off, true);
            } else {
                pending[idx].write(joined, off, joined.length - off);
            }
        }

        /** Lines cut short when follow ends (the writer never completed them) go out as they are. */
        void flushPartials() throws IOException {
            for (StreamType s : new StreamType[] {StreamType.STDOUT, StreamType.STDERR}) {
                ByteArrayOutputStream p = pending[s.id()];
                if (p != null && p.size() > 0) {
                    byte[] bytes = p.toByteArray();
                    p.reset();
                    writeLine(s, pendingNanos[s.id()], null, bytes, 0, bytes.length, false);
                }
            }
        }

        private void writeLine(StreamType stream, long nanos, CriRecord r, byte[] b, int off, int len,
                               boolean newline) throws IOException {
            int nl = newline ? 1 : 0;
            if (!options.timestamps()) {
                writer.write(stream, b, off, len, NEWLINE, 0, nl, NEWLINE, 0, 0);
                return;
            }
            byte[] ts;
            int tsOff;
            int tsLen;
            if (r != null && r.timestampIsFixedFormat()) {
                ts = r.buffer;
                tsOff = r.timestampOffset;
                tsLen = r.timestampLength;
            } else {
                long t = r != null ? r.epochNanos() : nanos;
                byte[] formatted = Times.rfc3339NanoFixed(t).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(formatted, 0, timestamp, 0, formatted.length);
                ts = timestamp;
                tsOff = 0;
                tsLen = formatted.length;
            }
            // timestamp, space, content and newline in one frame
            byte[] prefix = new byte[tsLen + 1];
            System.arraycopy(ts, tsOff, prefix, 0, tsLen);
            prefix[tsLen] = SPACE[0];
            writer.write(stream, prefix, 0, prefix.length, b, off, len, NEWLINE, 0, nl);
        }
    }
}
