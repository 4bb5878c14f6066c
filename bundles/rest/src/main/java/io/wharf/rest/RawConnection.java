package io.wharf.rest;

import io.wharf.api.rest.RawStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection a hijacked request switches to: raw bytes both ways, exposed as blocking streams to the
 * session that runs on a thread of its own from {@link StreamWorkers} (never one of Jetty's request threads,
 * which a few hundred attached clients would otherwise use up). Reads are demand-driven (we only ask Jetty for
 * more bytes when the session has consumed the previous ones), so a slow consumer applies back-pressure to the
 * client.
 */
final class RawConnection extends AbstractConnection implements Connection.UpgradeTo, RawStream {
    private static final Logger LOG = LoggerFactory.getLogger(RawConnection.class);
    private static final int BUFFER_SIZE = 32 * 1024;

    private final Runnable sessionStarter;
    private final Object lock = new Object();
    private ByteBuffer pending = BufferUtil.EMPTY_BUFFER;
    private boolean eof;
    private boolean waitingForData;
    private final RawInput input = new RawInput();
    private final RawOutput output = new RawOutput();

    /** {@code place} was taken for this session before the client was told the protocol switches. */
    RawConnection(EndPoint endPoint, Executor executor, StreamWorkers workers, StreamWorkers.Place place,
                  SessionBody body) {
        super(endPoint, executor);
        this.sessionStarter = () -> {
            if (!workers.run(place, () -> runSession(body))) {
                refuse("the daemon is shutting down"); // the only reason a reserved place cannot run
            }
        };
    }

    /** The session body, given this connection as its stream. */
    @FunctionalInterface
    interface SessionBody {
        void run(RawStream stream) throws Exception;
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        // Bytes the client sent together with the request headers belong to the raw stream.
        if (BufferUtil.hasContent(buffer)) {
            ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
            copy.put(buffer).flip();
            pending = copy;
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        sessionStarter.run();
    }

    private void runSession(SessionBody body) {
        try {
            body.run(this);
        } catch (Exception e) {
            LOG.debug("hijacked session ended with {}", e.toString());
        } finally {
            close();
        }
    }

    private void refuse(String why) {
        byte[] text = (why + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        getEndPoint().write(Callback.from(this::close, failed -> close()), ByteBuffer.wrap(text));
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        endOfInput(); // a session waiting for the client's bytes learns that none will come
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        endOfInput();
        super.onFillInterestedFailed(cause);
    }

    private void endOfInput() {
        synchronized (lock) {
            eof = true;
            waitingForData = false;
            lock.notifyAll();
        }
    }

    @Override
    public void onFillable() {
        ByteBuffer buffer = BufferUtil.allocate(BUFFER_SIZE); // flush mode: fill() appends
        int n;
        try {
            n = getEndPoint().fill(buffer);
        } catch (IOException e) {
            n = -1;
        }
        synchronized (lock) {
            if (n < 0) {
                eof = true;
            } else if (n == 0) {
                fillInterested();
                return;
            } else {
                pending = buffer;
            }
            waitingForData = false;
            lock.notifyAll();
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        // Attach sessions are silent for as long as the container is; the raw stream never times out.
        return false;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void shutdownOutput() {
        getEndPoint().shutdownOutput();
    }

    @Override
    public void close() {
        endOfInput();
        getEndPoint().close();
    }

    private final class RawInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (lock) {
                while (!pending.hasRemaining()) {
                    if (eof) {
                        return -1;
                    }
                    if (!waitingForData) {
                        waitingForData = true;
                        fillInterested();
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
                int n = Math.min(len, pending.remaining());
                pending.get(b, off, n);
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (lock) {
                return pending.remaining();
            }
        }
    }

    private final class RawOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            FutureCallback done = new FutureCallback();
            getEndPoint().write(done, ByteBuffer.wrap(b, off, len));
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }
}
