package io.wharf.rest;

import io.wharf.api.rest.RawStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hijacked session's stream over a WebSocket (Jetty's core WebSocket): the payloads of the client's data
 * messages are the input, and each write is sent as one message, binary or text. The session body runs on a
 * thread of {@link StreamWorkers} once the WebSocket is open; it ending closes the WebSocket normally, and the
 * client closing it ends the input. Reads demand the next frame only when the previous one was consumed, so a
 * slow session applies back-pressure to the client.
 */
final class WebSocketStream implements FrameHandler, RawStream {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketStream.class);
    /** A client that stops reading must not hold a session thread for ever. */
    private static final long WRITE_TIMEOUT_SECONDS = 300;

    private final byte opCode;
    private final Runnable starter;
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
    private boolean inputEnded;
    private volatile CoreSession session;
    private final Input input = new Input();
    private final Output output = new Output();

    /**
     * @param binary whether writes go out as binary messages (text otherwise)
     * @param starter runs the session body with this stream, on a thread of its own; false when it cannot
     */
    WebSocketStream(boolean binary, Starter starter) {
        this.opCode = binary ? OpCode.BINARY : OpCode.TEXT;
        this.starter = () -> {
            if (!starter.start(this)) {
                closeQuietly();
            }
        };
    }

    @FunctionalInterface
    interface Starter {
        boolean start(WebSocketStream stream);
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        this.session = coreSession;
        callback.succeeded();
        coreSession.demand();
        starter.run();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        if (frame.isDataFrame() && frame.hasPayload()) {
            ByteBuffer payload = frame.getPayload();
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.slice()).flip();
            synchronized (lock) {
                received.add(copy);
                lock.notifyAll();
            }
            callback.succeeded(); // the next frame is demanded once the reader has taken this one
            return;
        }
        callback.succeeded();
        if (frame.getOpCode() != OpCode.CLOSE) {
            session.demand(); // control frames (ping, pong) and empty messages: Jetty has answered what it must
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        LOG.debug("websocket stream failed: {}", cause.toString());
        endInput();
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        endInput();
        callback.succeeded();
    }

    private void endInput() {
        synchronized (lock) {
            inputEnded = true;
            lock.notifyAll();
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    /** A WebSocket has no half-close: the session's end closes it whole, as dockerd's does. */
    @Override
    public void shutdownOutput() throws IOException {
        close();
    }

    @Override
    public void close() throws IOException {
        CoreSession s = session;
        endInput();
        if (s != null && s.isOutputOpen()) {
            FutureCallback closed = new FutureCallback();
            s.close(CloseStatus.NORMAL, null, closed);
            await(closed);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            LOG.debug("closing a websocket stream: {}", e.toString());
        }
    }

    private static void await(FutureCallback callback) throws IOException {
        try {
            callback.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to a websocket");
        } catch (ExecutionException e) {
            throw new IOException("websocket write failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("websocket client did not read for " + WRITE_TIMEOUT_SECONDS + " s", e);
        }
    }

    private final class Input extends InputStream {
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
            boolean demand = false;
            int n;
            synchronized (lock) {
                while (received.isEmpty() && !inputEnded) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading a websocket");
                    }
                }
                ByteBuffer head = received.peek();
                if (head == null) {
                    return -1;
                }
                n = Math.min(len, head.remaining());
                head.get(b, off, n);
                if (!head.hasRemaining()) {
                    received.poll();
                    demand = received.isEmpty() && !inputEnded;
                }
            }
            if (demand) {
                session.demand();
            }
            return n;
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            CoreSession s = session;
            if (s == null || !s.isOutputOpen()) {
                throw new IOException("the websocket is closed");
            }
            if (len == 0) {
                return;
            }
            FutureCallback sent = new FutureCallback();
            s.sendFrame(new Frame(opCode, ByteBuffer.wrap(Arrays.copyOfRange(b, off, off + len))), sent, false);
            await(sent);
        }
    }
}
