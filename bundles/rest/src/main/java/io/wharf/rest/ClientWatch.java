package io.wharf.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that hang up on a request still being served, as Go's HTTP server does for dockerd: a
 * {@code logs -f} of a silent container, an events stream with no events or a wait for a container that keeps
 * running writes nothing that could fail, so without this its thread, subscription and files stayed forever.
 * Once a request has read its body, nothing more is expected from the client until the answer is complete, so
 * the connection is read now and then: end of stream or an error means the client is gone, and the thread
 * serving it is interrupted (the streams stop on interruption and release what they hold).
 */
final class ClientWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);
    static final long PROBE_MILLIS = 1000;

    private final Set<Watched> served = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wharf-client-watch");
        t.setDaemon(true);
        return t;
    });

    ClientWatch() {
        prober.scheduleWithFixedDelay(this::probeAll, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts watching a request; serve it with the returned request and callback. */
    Watched watch(Request request, Callback callback) {
        Watched w = new Watched(request, callback);
        served.add(w);
        request.addFailureListener(failure -> w.clientGone());
        return w;
    }

    private void probeAll() {
        for (Watched w : served) {
            try {
                w.probe();
            } catch (RuntimeException e) {
                LOG.debug("probing a client: {}", e.toString());
            }
        }
    }

    int watching() {
        return served.size();
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }

    /** One request being served, with the thread serving it. */
    final class Watched {
        private final Request request;
        private final Callback callback;
        private final long since = System.nanoTime();
        private Thread worker;
        private boolean handlerReturned;
        private boolean done;
        private boolean bodyRead;

        private Watched(Request original, Callback answered) {
            this.bodyRead = original.getHeaders().get(HttpHeader.TRANSFER_ENCODING) == null
                    && original.getLength() <= 0;
            this.request = new Request.Wrapper(original) {
                @Override
                public Content.Chunk read() {
                    Content.Chunk chunk = super.read();
                    if (chunk != null && chunk.isLast()) {
                        bodyEnded();
                    }
                    return chunk;
                }
            };
            java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();
            this.callback = Callback.from(() -> {
                if (completed.getAndSet(true)) {
                    return;
                }
                boolean gone = ended();
                answered.succeeded();
                closeIf(gone);
            }, x -> {
                if (completed.getAndSet(true)) {
                    return;
                }
                boolean gone = ended();
                answered.failed(x);
                closeIf(gone);
            });
        }

        Request request() {
            return request;
        }

        Callback callback() {
            return callback;
        }

        synchronized void runningOn(Thread thread) {
            worker = thread;
        }

        /**
         * The serving thread returned (the answer may still be completed later, asynchronously). Jersey leaves an
         * answer whose write failed uncompleted: for a client that went away, it is ended here.
         */
        void returned() {
            boolean abandoned;
            synchronized (this) {
                worker = null;
                handlerReturned = true;
                abandoned = !done && !served.contains(this);
            }
            if (abandoned) {
                callback.failed(new java.io.IOException("the client went away"));
            }
        }

        private synchronized void bodyEnded() {
            bodyRead = true;
        }

        /**
         * Answered: the connection is Jetty's again (the next request on it is read under this lock's release).
         * True when the client had gone.
         */
        private synchronized boolean ended() {
            done = true;
            worker = null;
            return !served.remove(this);
        }

        /** Jetty keeps a connection whose end of input it did not read itself: close the one of a gone client. */
        private void closeIf(boolean gone) {
            if (gone) {
                request.getConnectionMetaData().getConnection().getEndPoint().close();
            }
        }

        /**
         * Reads from the connection when no one else does: the request is still served, its body was read
         * and Jetty is not reading. Nothing at all is the answer from a client that is waiting.
         */
        private void probe() {
            if (probeFindsClientGone()) {
                clientGone();
            }
        }

        private synchronized boolean probeFindsClientGone() {
            if (done || !bodyRead || System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS)) {
                return false;
            }
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            if (!endPoint.isOpen()) {
                return true;
            }
            if (endPoint.isFillInterested()) {
                return false;
            }
            int n;
            try {
                n = endPoint.fill(BufferUtil.allocate(1));
            } catch (IOException e) {
                n = -1;
            }
            if (n > 0) {
                // Bytes while an answer is under way (a pipelined request): this connection cannot be used on.
                LOG.debug("client sent data while {} {} was being answered; closing the connection",
                        request.getMethod(), request.getHttpURI().getPath());
                endPoint.close();
            }
            return n != 0;
        }

        private void clientGone() {
            boolean abandoned;
            synchronized (this) {
                if (done) {
                    return;
                }
                served.remove(this);
                if (worker != null) {
                    LOG.debug("client of {} {} went away", request.getMethod(), request.getHttpURI().getPath());
                    worker.interrupt();
                    worker = null;
                }
                // The handler returned without completing the answer (Jersey does that when a write failed): no one
                // else will, and Jetty does not read a connection whose answer is pending, so it stayed open.
                abandoned = handlerReturned;
            }
            if (abandoned) {
                callback.failed(new java.io.IOException("the client went away"));
            }
        }
    }
}
