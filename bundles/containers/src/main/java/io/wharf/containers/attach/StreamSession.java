package io.wharf.containers.attach;

import io.wharf.api.runtime.OutputSink;
import io.wharf.api.runtime.ProcessIo;
import io.wharf.api.runtime.StreamType;
import io.wharf.api.rest.RawStream;
import io.wharf.containers.logs.StdWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a process's stdio over a hijacked connection, for attach and exec start: output framed (or raw with a
 * TTY) to the client, the client's bytes to stdin through the detach-key filter.
 */
public final class StreamSession {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);
    static final long PROBE_MILLIS = 1000;
    /** A stdout frame of no bytes: Docker's stdcopy and docker-py read past it. */
    private static final byte[] EMPTY_FRAME = {1, 0, 0, 0, 0, 0, 0, 0};
    /** The input reader only copies bytes: a small stack will do, there is one per session. */
    private static final long INPUT_STACK_BYTES = 256 * 1024;

    /** How the session ended. */
    public enum Outcome { OUTPUT_ENDED, DETACHED, CLIENT_GONE }

    /**
     * @param tty             the output is raw, not multiplexed (a TTY, or a WebSocket whose messages carry it)
     * @param closeStdinOnEof give the process EOF when the client half-closes (exec, and attach to a
     *                        StdinOnce container without TTY); otherwise the client's EOF detaches
     */
    public record Options(boolean stdin, boolean stdout, boolean stderr, boolean tty, byte[] detachKeys,
                          boolean closeStdinOnEof) {
    }

    private final ProcessIo io;
    private final RawStream raw;
    private final Options options;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Outcome outcome = Outcome.OUTPUT_ENDED;

    public StreamSession(ProcessIo io, RawStream raw, Options options) {
        this.io = io;
        this.raw = raw;
        this.options = options;
    }

    /** Runs until the output ends, the client detaches or goes away. */
    public Outcome run() throws IOException {
        Thread input = new Thread(null, this::readInput, "wharf-attach-input", INPUT_STACK_BYTES);
        input.setDaemon(true);
        input.start();
        OutputStream out = raw.output();
        boolean multiplexed = !options.tty();
        OutputSink sink = (stream, buf, off, len) -> {
            if (stream == StreamType.STDOUT && !options.stdout() || stream == StreamType.STDERR && !options.stderr()) {
                return;
            }
            synchronized (out) {
                if (multiplexed) {
                    out.write(StdWriter.frame(stream, buf, off, len));
                } else {
                    out.write(buf, off, len);
                }
            }
        };
        try {
            io.pumpOutput(sink);
        } catch (IOException e) {
            if (!done.get()) {
                outcome = Outcome.CLIENT_GONE;
            }
            LOG.debug("attach output ended: {}", e.toString());
        } finally {
            done.set(true);
            try {
                io.close();
            } catch (IOException e) {
                LOG.debug("closing process io: {}", e.toString());
            }
        }
        return outcome;
    }

    /**
     * Reads the client's bytes for as long as the session lasts, whether or not they go to stdin: that is how a
     * client that hangs up is noticed while the process is silent. End of stream is either a half-close (the
     * docker CLI sends one when its input ends and still wants the output) or a client that went away; only a
     * write can tell them apart, so from then on an empty frame is sent now and then (clients skip them).
     */
    private void readInput() {
        InputStream in = raw.input();
        OutputStream stdin = options.stdin() ? io.stdin() : null;
        DetachKeyFilter filter = new DetachKeyFilter(options.detachKeys());
        byte[] buf = new byte[32 * 1024];
        try {
            while (!done.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (stdin == null) {
                    continue; // not attached to stdin: the bytes have nowhere to go
                }
                DetachKeyFilter.Result r = filter.filter(buf, 0, n);
                if (r.forward().length > 0 && !forward(stdin, r.forward())) {
                    stdin = null; // the process closed its stdin; keep watching the client
                }
                if (r.detach()) {
                    detach(Outcome.DETACHED);
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("attach input ended: {}", e.toString());
            detach(Outcome.CLIENT_GONE);
            return;
        }
        if (stdin != null && !options.closeStdinOnEof()) {
            detach(Outcome.CLIENT_GONE); // Docker: the client's EOF detaches from a container's stdin
            return;
        }
        if (stdin != null) {
            closeQuietly(stdin);
        }
        probeUntilGone();
    }

    /** False when the process no longer takes input. */
    private boolean forward(OutputStream stdin, byte[] bytes) {
        try {
            stdin.write(bytes);
            stdin.flush();
            return true;
        } catch (IOException e) {
            LOG.debug("attach stdin ended: {}", e.toString());
            if (options.closeStdinOnEof()) {
                closeQuietly(stdin);
            }
            return false;
        }
    }

    /**
     * After the client's EOF: a write to a client that closed its end fails, to one that only half-closed
     * succeeds. A TTY stream has no frames, hence no harmless write; it ends with the next output.
     */
    private void probeUntilGone() {
        if (options.tty()) {
            return;
        }
        OutputStream out = raw.output();
        while (!done.get()) {
            try {
                Thread.sleep(PROBE_MILLIS);
                synchronized (out) {
                    if (!done.get()) {
                        out.write(EMPTY_FRAME);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.debug("attach client went away: {}", e.toString());
                detach(Outcome.CLIENT_GONE);
                return;
            }
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** Disconnects from the process without affecting it; pumpOutput then returns. */
    private void detach(Outcome why) {
        if (done.compareAndSet(false, true)) {
            outcome = why;
            try {
                io.close();
            } catch (IOException e) {
                LOG.debug("detach: {}", e.toString());
            }
        }
    }
}
