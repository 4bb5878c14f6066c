package io.wharf.containers.logs;

import io.wharf.api.runtime.StreamType;
import io.wharf.support.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * docker logs over a container's CRI log files (the rotated ones, gzipped or not, then the live one): tail,
 * since/until, timestamps, stream selection, partial lines joined, and follow (until the container stops; files
 * going live through rotation are handed over by the {@link LogRotator}, a replaced or truncated file without
 * rotation is noticed). Output goes through a
 * {@link StdWriter} on a buffered stream that is flushed only when the reader has caught up with the file.
 */
public final class LogStreamer {
    static final long POLL_MILLIS = 100;
    /** Docker's log copier buffer: a line longer than this becomes several entries (partial messages). */
    static final int PIECE_BYTES = 16 * 1024;
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] SPACE = {' '};

    private final LogFiles files;
    private final LogOptions options;
    private final BooleanSupplier running;
    private final Function<Consumer<LogSegment>, AutoCloseable> rotations;

    /** @param running whether the container still produces output (for follow) */
    public LogStreamer(Path file, LogOptions options, BooleanSupplier running) {
        this(file, options, running, next -> null);
    }

    /**
     * @param rotations subscribes to the files that become live while following ({@link LogRotator#follow});
     *                  returns null when the log is not rotated
     */
    public LogStreamer(Path file, LogOptions options, BooleanSupplier running,
                       Function<Consumer<LogSegment>, AutoCloseable> rotations) {
        this.files = new LogFiles(file);
        this.options = options;
        this.running = running;
        this.rotations = rotations;
    }

    public void stream(StdWriter writer) throws IOException, InterruptedException {
        Queue<LogSegment> rotated = new ConcurrentLinkedQueue<>();
        // subscribed before the files are listed, so that no file going live in between is missed
        AutoCloseable subscription = options.follow() ? rotations.apply(rotated::add) : null;
        List<LogSegment> segments = openSegments();
        try {
            long lastGeneration = segments.stream().mapToLong(LogSegment::generation).max().orElse(-1);
            Start start = start(segments);
            Emitter emitter = new Emitter(writer, start.tail().skip());
            LogSegment current = null;
            CriLogReader reader = new CriLogReader(0);
            for (int i = start.segment(); i < segments.size(); i++) {
                current = segments.get(i);
                reader.reset(i == start.segment() ? start.tail().offset() : 0);
                if (!reader.readToEnd(current.source(), emitter)) {
                    writer.flush();
                    return;
                }
            }
            if (!options.follow()) {
                emitter.flushPartials(); // the output so far ends mid-line: show it, as docker logs does
                writer.flush();
                return;
            }
            writer.flush();
            follow(writer, emitter, reader, current, subscription != null ? rotated : null, lastGeneration);
        } finally {
            close(subscription);
            for (LogSegment s : segments) {
                s.close();
            }
            for (LogSegment s; (s = rotated.poll()) != null; ) {
                s.close();
            }
        }
    }

    /**
     * Follows the live file until the container stops. With rotation the rotator hands over each new live file;
     * without, a replaced or truncated file is noticed by its identity and size.
     */
    private void follow(StdWriter writer, Emitter emitter, CriLogReader reader, LogSegment current,
                        Queue<LogSegment> rotated, long lastGeneration) throws IOException, InterruptedException {
        List<LogSegment> opened = new ArrayList<>();
        try {
            boolean lastRound = false;
            while (true) {
                if (!lastRound && !running.getAsBoolean()) {
                    lastRound = true; // read once more: the last output may land after the exit is known
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
                if (rotated != null) {
                    for (LogSegment next; (next = rotated.poll()) != null; ) {
                        opened.add(next);
                        if (next.generation() <= lastGeneration
                                || current != null && Objects.equals(next.key(), current.key())) {
                            continue; // read already, or the live file being read (held open: no reused inode)
                        }
                        lastGeneration = next.generation();
                        // conmon finished the current file before the next one went live: read it to its end
                        if (current != null && !reader.readToEnd(current.source(), emitter)) {
                            return;
                        }
                        current = next;
                        reader.reset(0); // one buffer per stream: a new one per file would churn the heap
                    }
                }
                boolean replaced = rotated == null && current != null
                        && !Objects.equals(LogFiles.key(files.live()), current.key());
                if (current == null || replaced) {
                    if (current != null && !reader.readToEnd(current.source(), emitter)) {
                        return;
                    }
                    LogSegment live = LogSegment.open(files.live(), -1);
                    if (live != null) {
                        opened.add(live);
                        current = live;
                        reader.reset(0);
                    }
                } else if (current.size() >= 0 && current.size() < reader.position()) {
                    reader.reset(0); // truncated
                }
                if (current != null && !reader.readToEnd(current.source(), emitter)) {
                    return;
                }
                writer.flush();
                if (lastRound) {
                    break;
                }
            }
            emitter.flushPartials();
            writer.flush();
        } finally {
            for (LogSegment s : opened) {
                s.close();
            }
        }
    }

    /** The rotated files, oldest first, then the live one; each file once however it is named meanwhile. */
    private List<LogSegment> openSegments() throws IOException {
        List<LogSegment> segments = new ArrayList<>();
        Set<Object> keys = new HashSet<>();
        Map<Path, Long> paths = new LinkedHashMap<>();
        files.generations().forEach((n, p) -> paths.put(p, n));
        paths.put(files.live(), -1L);
        for (Map.Entry<Path, Long> e : paths.entrySet()) {
            Path p = e.getKey();
            LogSegment segment = LogSegment.open(p, e.getValue());
            if (segment == null) {
                continue; // deleted by max-file meanwhile
            }
            boolean emptyNext = !p.equals(files.live()) && !segment.compressed() && segment.size() == 0;
            if (emptyNext || segment.key() != null && !keys.add(segment.key())) {
                // an empty generation is the one prepared for conmon: it is read when it goes live
                segment.close();
                continue;
            }
            segments.add(segment);
        }
        return segments;
    }

    /** Where reading starts: the file and the place in it of the first of the last {@code tail} entries. */
    private record Start(int segment, TailStart tail) {
    }

    private Start start(List<LogSegment> segments) throws IOException {
        int tail = options.tail();
        if (segments.isEmpty() || tail < 0) {
            return new Start(0, new TailStart(0, 0, 0));
        }
        int last = segments.size() - 1;
        if (tail == 0) {
            return new Start(last, new TailStart(Math.max(segments.get(last).size(), 0), 0, 0));
        }
        long remaining = tail;
        for (int i = last; i >= 0; i--) {
            TailStart t = tailStart(segments.get(i).source(), (int) remaining);
            if (t.entries() >= remaining) {
                return new Start(i, t);
            }
            remaining -= t.entries();
        }
        return new Start(0, new TailStart(0, 0, 0));
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // unsubscribing cannot fail in a way the reader could act on
            }
        }
    }

    /**
     * Where the last {@code n} entries start: the offset of the record that begins their line and how many bytes
     * of that line's content come before them (a multiple of {@link #PIECE_BYTES}).
     */
    record TailStart(long offset, long skip, long entries) {
    }

    /**
     * The start of the last {@code n} log entries as Docker counts them: a line (F-terminated records joined with
     * P ones) of L bytes is L / 16 KiB + 1 entries, since Docker's log copier stores each 16 KiB piece as one.
     */
    static TailStart tailStart(CriLogReader.Source channel, int n) throws IOException {
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
            return new TailStart(0, 0, count[0]);
        }
        int oldest = (int) (count[0] % n);
        return new TailStart(ringOffsets[oldest], ringSkips[oldest], count[0]);
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
