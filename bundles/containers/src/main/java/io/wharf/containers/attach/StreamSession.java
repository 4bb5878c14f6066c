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

    /** How the session ended. */
    public enum Outcome { OUTPUT_ENDED, DETACHED, CLIENT_GONE }

    /**
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
        Thread stdinPump = null;
        if (options.stdin() && io.stdin() != null) {
            stdinPump = new Thread(this::pumpStdin, "wharf-attach-stdin");
            stdinPump.setDaemon(true);
            stdinPump.start();
        }
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

    private void pumpStdin() {
        InputStream in = raw.input();
        OutputStream stdin = io.stdin();
        DetachKeyFilter filter = new DetachKeyFilter(options.detachKeys());
        byte[] buf = new byte[32 * 1024];
        try {
            while (!done.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    if (options.closeStdinOnEof()) {
                        stdin.close();
                    } else {
                        detach(Outcome.CLIENT_GONE);
                    }
                    return;
                }
                DetachKeyFilter.Result r = filter.filter(buf, 0, n);
                if (r.forward().length > 0) {
                    stdin.write(r.forward());
                    stdin.flush();
                }
                if (r.detach()) {
                    detach(Outcome.DETACHED);
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("attach stdin ended: {}", e.toString());
            if (options.closeStdinOnEof()) {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // the process is gone
                }
            }
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
